import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AlertDto } from '@ctct/shared-types';
import { aPage, allByTestId, byTestId, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { AlertsBell } from './alerts-bell';
import { ALERTS_URL } from './alerts.api';

@Component({ imports: [AlertsBell], template: `<app-alerts-bell />` })
class Host {}

@Component({ template: 'run page' })
class Stub {}

function anAlert(overrides: Partial<AlertDto> = {}): AlertDto {
  return {
    id: 'a-1',
    kind: 'run_failed',
    severity: 'error',
    title: 'A lists sync failed',
    message: 'CC kept failing. Retry carries on from where it stopped.',
    link: '/sync/runs/run-9',
    raisedAt: '2026-11-30T06:00:00.000Z',
    resolvedAt: null,
    readAt: null,
    ...overrides,
  };
}

const isCount = (r: { method: string; url: string }) => r.method === 'GET' && r.url === `${ALERTS_URL}/unread-count`;
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setUp(unread: number) {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: '', component: Host },
      { path: 'sync/runs/:id', component: Stub },
    ]),
  });
  const harness = await RouterTestingHarness.create('/');
  (await nextRequest(isCount, 'GET unread-count')).flush({ unread });
  await rendered();
  return { harness, root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
}

describe('AlertsBell', () => {
  afterEach(verifyNoOpenRequests);

  it('shows how many alerts wait unread, and no number when none does', async () => {
    const { root } = await setUp(3);
    expect(byTestId(root, 'alerts-unread').textContent?.trim()).toBe('3');
    expect(byTestId(root, 'alerts-bell').getAttribute('aria-label')).toBe('Alerts, 3 unread');
  });

  it('lists the open alerts; choosing one marks it read and opens the page that fixes it', async () => {
    const { root, router } = await setUp(1);
    byTestId<HTMLButtonElement>(root, 'alerts-bell').click();
    const list = await nextRequest((r) => r.method === 'GET' && r.url === ALERTS_URL);
    expect(list.request.params.get('open')).toBe('true');
    const reconnect = anAlert({
      id: 'a-2',
      title: 'Constant Contact needs to be reconnected',
      link: '/settings',
      readAt: '2026-11-30T06:10:00.000Z',
    });
    list.flush(aPage([anAlert(), reconnect]));
    await rendered();
    const items = allByTestId(root, 'alert-item');
    const titles = items.map((item) => item.querySelector('.item-title')?.textContent);
    expect(titles).toEqual(['A lists sync failed', 'Constant Contact needs to be reconnected']);

    items[0].click();
    const read = await nextRequest((r) => r.method === 'POST' && r.url === `${ALERTS_URL}/a-1/read`);
    read.flush(anAlert({ readAt: '2026-11-30T06:20:00.000Z' }));
    await rendered();
    expect(router.url).toBe('/sync/runs/run-9');
    expect(root.querySelector('[data-testid="alerts-unread"]')).toBeNull();
    expect(root.querySelector('[data-testid="alerts-panel"]')).toBeNull();
  });

  it('marks every alert read at once, and says so when nothing needs attention', async () => {
    const { root } = await setUp(2);
    byTestId<HTMLButtonElement>(root, 'alerts-bell').click();
    (await nextRequest((r) => r.method === 'GET' && r.url === ALERTS_URL)).flush(aPage([anAlert(), anAlert({ id: 'a-2' })]));
    await rendered();
    byTestId<HTMLButtonElement>(root, 'alerts-read-all').click();
    (await nextRequest((r) => r.method === 'POST' && r.url === `${ALERTS_URL}/read-all`)).flush({ unread: 0 });
    await rendered();
    expect(root.querySelector('[data-testid="alerts-unread"]')).toBeNull();
    expect(root.querySelectorAll('.item.unread')).toHaveLength(0);

    byTestId<HTMLButtonElement>(root, 'alerts-bell').click();
    byTestId<HTMLButtonElement>(root, 'alerts-bell').click();
    (await nextRequest((r) => r.method === 'GET' && r.url === ALERTS_URL)).flush(aPage([]));
    await rendered();
    expect(byTestId(root, 'alerts-empty').textContent).toContain('Nothing needs your attention');
  });
});
