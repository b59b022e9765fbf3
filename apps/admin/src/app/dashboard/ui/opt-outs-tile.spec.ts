import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ConsentServiceLevelDto } from '@ctct/shared-types';
import { aServiceLevel, apiError, byTestId, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { OptOutsTile } from './opt-outs-tile';

@Component({ selector: 'app-host', imports: [OptOutsTile], template: `<app-opt-outs-tile />` })
class Host {}

@Component({ template: 'settings page' })
class Stub {}

const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setUp(level: ConsentServiceLevelDto | null) {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: '', component: Host },
      { path: 'settings', component: Stub },
    ]),
  });
  const harness = await RouterTestingHarness.create('/');
  const request = await nextRequest((r) => r.method === 'GET' && r.url === '/api/consent/service-level');
  if (level) request.flush(level);
  else request.flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
  await rendered();
  return { root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
}

describe('OptOutsTile', () => {
  afterEach(verifyNoOpenRequests);

  it('counts the opt-outs not yet in Constant Contact, the age of the oldest and the target, and links to Settings', async () => {
    const { root, router } = await setUp(aServiceLevel({ notReflected: 3, queued: 2, failed: 1, oldestAgeSeconds: 7_500, status: 'late' }));
    expect(text(root.querySelector('h2')!)).toBe('Opt-outs reaching Constant Contact');
    expect(text(byTestId(root, 'opt-outs-tile-status'))).toBe('Slower than our target');
    expect(text(byTestId(root, 'opt-outs-tile-waiting'))).toBe('3 opt-outs not yet in Constant Contact');
    expect(text(byTestId(root, 'opt-outs-tile-oldest'))).toBe('Oldest waiting 2 h 5 min');
    expect(text(byTestId(root, 'opt-outs-tile-target'))).toBe('Target: 15 min; CAN-SPAM allows 10 business days.');

    const link = byTestId<HTMLAnchorElement>(root, 'opt-outs-tile-link');
    expect(text(link)).toBe('Opt-out details in Settings');
    link.click();
    await rendered();
    expect(router.url).toBe('/settings');
  });

  it('says every opt-out is in Constant Contact, with no oldest age, when none waits', async () => {
    const { root } = await setUp(aServiceLevel());
    expect(text(byTestId(root, 'opt-outs-tile-status'))).toBe('On target');
    expect(text(byTestId(root, 'opt-outs-tile-waiting'))).toBe('Every opt-out is in Constant Contact.');
    expect(root.querySelector('[data-testid="opt-outs-tile-oldest"]')).toBeNull();
  });

  it('says the service level could not be loaded', async () => {
    const { root } = await setUp(null);
    expect(text(root.querySelector('[role="status"]')!)).toContain('could not be loaded');
    expect(root.querySelector('[data-testid="opt-outs-tile-waiting"]')).toBeNull();
  });
});
