import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ReconciliationSummaryDto } from '@ctct/shared-types';
import { aReconciliation, apiError, byTestId, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { DriftTile } from './drift-tile';

@Component({ selector: 'app-host', imports: [DriftTile], template: `<app-drift-tile />` })
class Host {}

@Component({ template: 'reconciliation page' })
class Stub {}

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));

/** The summary with these counts of the drift and needs-review classes (the others as in the fixture). */
function withCounts(drift: number, review: number, overrides: Partial<ReconciliationSummaryDto> = {}): ReconciliationSummaryDto {
  const summary = aReconciliation(overrides);
  const count = { drift, needs_review: review } as Record<string, number>;
  return { ...summary, classes: summary.classes.map((c) => (c.class in count ? { ...c, count: count[c.class] } : c)) };
}

async function setUp(summary: ReconciliationSummaryDto | null) {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: '', component: Host },
      { path: 'reconciliation', component: Stub },
    ]),
  });
  const harness = await RouterTestingHarness.create('/');
  const request = await nextRequest((r) => r.method === 'GET' && r.url === '/api/reconciliation');
  if (summary) request.flush(summary);
  else request.flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
  await rendered();
  return { root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
}

describe('DriftTile', () => {
  afterEach(verifyNoOpenRequests);

  it('counts the linked contacts with drift and those needing review, under a heading, and opens Reconciliation', async () => {
    const { root, router } = await setUp(withCounts(1_240, 10));
    expect(text(root.querySelector('h2')!)).toBe('Drift');
    expect(text(byTestId(root, 'drift-tile-summary'))).toBe('1,240 linked contacts have drift from Constant Contact.');
    expect(text(byTestId(root, 'drift-tile-review'))).toBe('10 contacts need review.');
    const link = byTestId<HTMLAnchorElement>(root, 'drift-tile-link');
    expect(text(link)).toBe('Open Reconciliation');
    expect(link.getAttribute('href')).toBe('/reconciliation');

    link.click();
    await rendered();
    expect(router.url).toBe('/reconciliation');
  });

  it('speaks in the singular for one contact, and leaves out review when none needs it', async () => {
    const { root } = await setUp(withCounts(1, 0));
    expect(text(byTestId(root, 'drift-tile-summary'))).toBe('1 linked contact has drift from Constant Contact.');
    expect(root.querySelector('[data-testid="drift-tile-review"]')).toBeNull();
  });

  it('says plainly that everything agrees when nothing has drift or needs review', async () => {
    const { root } = await setUp(withCounts(0, 0));
    expect(text(byTestId(root, 'drift-tile-summary'))).toBe('Every linked contact agrees with Constant Contact.');
    expect(root.querySelector('[data-testid="drift-tile-link"]')).toBeNull();
  });

  it('does not claim agreement before Constant Contact was ever synced', async () => {
    const { root } = await setUp(withCounts(0, 0, { mirrorSyncedAt: null }));
    expect(text(byTestId(root, 'drift-tile-summary'))).toBe("Constant Contact's contacts have not been synced yet, so drift is not known.");
  });

  it('says the reconciliation could not be loaded', async () => {
    const { root } = await setUp(null);
    expect(text(root.querySelector('[role="status"]')!)).toContain('could not be loaded');
    expect(root.querySelector('[data-testid="drift-tile-summary"]')).toBeNull();
  });
});
