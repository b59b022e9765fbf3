import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ConsentServiceLevelDto } from '@ctct/shared-types';
import { aServiceLevel, apiError, byTestId, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { ConsentServiceLevel } from './consent-service-level';

@Component({ imports: [ConsentServiceLevel], template: '<app-consent-service-level />' })
class Host {}

const isLevel = (r: { method: string; url: string }) => r.method === 'GET' && r.url === '/api/consent/service-level';
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function setUp(level: ConsentServiceLevelDto | null) {
  TestBed.configureTestingModule({ providers: provideTestApp([{ path: '', component: Host }]) });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl('/');
  const request = await nextRequest(isLevel);
  if (level) request.flush(level);
  else request.flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
  await harness.fixture.whenStable();
  return harness.fixture.nativeElement as HTMLElement;
}

describe('ConsentServiceLevel', () => {
  afterEach(verifyNoOpenRequests);

  it('says every opt-out is in Constant Contact, how fast the last ones got there, and the legal limit', async () => {
    const root = await setUp(aServiceLevel());
    expect(text(byTestId(root, 'service-level-status'))).toBe('On target');
    expect(text(byTestId(root, 'service-level-not-reflected'))).toBe('Every opt-out is in Constant Contact.');
    expect(text(byTestId(root, 'service-level-recent'))).toBe('Last 7 days: 12 delivered, half within 2 s, 95% within 4 s.');
    expect(text(root)).toContain('CAN-SPAM allows 10 business days; we aim for 15 min.');
    expect(root.querySelector('[data-testid="service-level-oldest"]')).toBeNull();
  });

  it('counts the opt-outs still waiting, the age of the oldest, and links the unpushed ones to Fix drift', async () => {
    const root = await setUp(
      aServiceLevel({
        notReflected: 3,
        queued: 1,
        failed: 1,
        unpushed: 1,
        oldestAgeSeconds: 7_500,
        oldestSince: '2026-11-23T08:00:00.000Z',
        status: 'late',
      }),
    );
    expect(text(byTestId(root, 'service-level-status'))).toBe('Slower than our target');
    expect(text(byTestId(root, 'service-level-not-reflected'))).toBe('3 opt-outs not yet in Constant Contact');
    expect(text(byTestId(root, 'service-level-oldest'))).toMatch(/^Oldest waiting 2 h 5 min \(since Nov 23, \d\d:00\)$/);
    expect(text(byTestId(root, 'service-level-breakdown'))).toContain('1 failed');
    expect(byTestId<HTMLAnchorElement>(root, 'service-level-fix-link').getAttribute('href')).toBe(
      '/reconciliation?class=drift&field=doNotEmail',
    );
  });

  it('shows a load error with Retry, and Refresh asks again', async () => {
    const root = await setUp(null);
    expect(text(byTestId(root, 'error-state'))).toContain('Database unavailable');
    byTestId<HTMLButtonElement>(root, 'service-level-refresh').click();
    (await nextRequest(isLevel)).flush(aServiceLevel({ status: 'overdue', notReflected: 1, queued: 1, oldestAgeSeconds: 20 * 86_400 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(text(byTestId(root, 'service-level-status'))).toBe('Overdue: past 10 business days');
  });
});
