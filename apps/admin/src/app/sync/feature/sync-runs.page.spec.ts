import { HttpRequest } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  aPage,
  aRun,
  aRunningRun,
  allByTestId,
  apiError,
  byTestId,
  chooseOption,
  httpMock,
  nextRequest,
  pressEnter,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { SYNC_POLL_MS } from '../data-access/sync-now';
import { SyncRunsPage } from './sync-runs.page';

@Component({ template: 'run page' })
class RunStub {}

const isList = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/sync/runs';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function setUp(url = '/sync') {
  TestBed.configureTestingModule({
    providers: [
      ...provideTestApp([
        { path: 'sync', component: SyncRunsPage },
        { path: 'sync/runs/:id', component: RunStub },
      ]),
      { provide: SYNC_POLL_MS, useValue: 10 },
    ],
  });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl(url);
  return {
    harness,
    root: harness.fixture.nativeElement as HTMLElement,
    stable: () => harness.fixture.whenStable(),
    router: TestBed.inject(Router),
  };
}

describe('SyncRunsPage', () => {
  afterEach(verifyNoOpenRequests);

  it('lists runs newest first with status, counts, API calls and a "resumed" badge', async () => {
    const { root, stable } = await setUp();
    const list = await nextRequest(isList);
    expect(list.request.params.toString()).toBe('limit=25');
    list.flush(
      aPage([
        aRun({
          id: 'r2',
          job: 'link-contacts',
          mode: 'full',
          attempts: 2,
          counts: { created: 0, updated: 7, linked: 296, skipped: 30, failed: 0, optOuts: 7 },
          apiCalls: 12,
        }),
        aRun({ id: 'r1', status: 'failed', statusReason: 'CC answered 500 three times' }),
      ]),
    );
    await stable();

    const rows = allByTestId(root, 'run-row');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('Link contacts');
    expect(text(rows[0])).toContain('resumed');
    expect(text(rows[0])).toContain('7 updated · 296 linked · 30 skipped · 7 opt-outs');
    expect(text(rows[0])).toContain('12');
    expect(allByTestId(root, 'run-status').map(text)).toEqual(['Succeeded', 'Failed']);
    expect(text(rows[1])).toContain('CC answered 500 three times');
    expect(rows[0].getAttribute('tabindex')).toBe('0');
  });

  it('polls the visible active runs every interval and updates them in place until they end', async () => {
    const { root } = await setUp();
    (await nextRequest(isList)).flush(aPage([aRunningRun({ id: 'r3', job: 'activities' }), aRun({ id: 'r2' })]));
    await rendered();
    expect(text(byTestId(root, 'run-progress'))).toBe('123 of 600 · 41/s · less than a minute left');

    (await nextRequest((r) => r.url === '/api/sync/runs/r3', 'poll 1')).flush(
      aRunningRun({ id: 'r3', job: 'activities', progress: { done: 400, total: 600, itemsPerSecond: 50 } }),
    );
    await rendered();
    expect(text(byTestId(root, 'run-progress'))).toBe('400 of 600 · 50/s · less than a minute left');

    (await nextRequest((r) => r.url === '/api/sync/runs/r3', 'poll 2')).flush(aRun({ id: 'r3', job: 'activities' }));
    await rendered();
    expect(root.querySelector('[data-testid="run-progress"]')).toBeNull();
    expect(allByTestId(root, 'run-status').map(text)).toEqual(['Succeeded', 'Succeeded']);
    await rendered();
    httpMock().expectNone((r) => r.url.startsWith('/api/sync/runs/'));
  });

  it('shows cancelled runs as cancelled, and filters by that status', async () => {
    const { root, stable, router } = await setUp('/sync?status=cancelled');
    const list = await nextRequest(isList);
    expect(list.request.params.toString()).toBe('status=cancelled&limit=25');
    const statusReason = 'Cancelled before it finished; what was done before is kept.';
    list.flush(aPage([aRun({ id: 'r3', job: 'bulk-memberships', status: 'cancelled', statusReason })]));
    await stable();
    expect(allByTestId(root, 'run-status').map(text)).toEqual(['Cancelled']);
    expect(text(allByTestId(root, 'run-row')[0])).toContain('what was done before is kept');
    expect(router.url).toBe('/sync?status=cancelled');
  });

  it('filters by job and status through the URL and restarts paging', async () => {
    const { root, stable, router } = await setUp();
    const first = await nextRequest(isList);
    first.flush(aPage([aRun({ id: 'r1' })], 'cursor-2'));
    await stable();

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    const second = await nextRequest(isList);
    expect(second.request.params.get('cursor')).toBe('cursor-2');
    second.flush(aPage([aRun({ id: 'r0' })]));
    await stable();
    expect(text(byTestId(root, 'page-number'))).toBe('Page 2');

    await chooseOption(root, 'filter-job', 'Link contacts');
    const filtered = await nextRequest(isList);
    expect(filtered.request.params.toString()).toBe('job=link-contacts&limit=25');
    filtered.flush(aPage([]));
    await stable();
    expect(router.url).toBe('/sync?job=link-contacts');

    await chooseOption(root, 'filter-run-status', 'Failed');
    const both = await nextRequest(isList);
    expect(both.request.params.toString()).toBe('job=link-contacts&status=failed&limit=25');
    both.flush(aPage([]));
    await stable();
    expect(text(byTestId(root, 'empty-state'))).toContain('No runs match');

    byTestId<HTMLButtonElement>(root, 'clear-filters').click();
    (await nextRequest(isList)).flush(aPage([]));
    await stable();
    expect(router.url).toBe('/sync');
    expect(text(byTestId(root, 'empty-state'))).toContain('No sync runs yet');
  });

  it('opens a run with Enter', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isList)).flush(aPage([aRun({ id: 'r9' })]));
    await stable();
    pressEnter(byTestId(root, 'run-row'));
    await stable();
    expect(router.url).toBe('/sync/runs/r9');
  });

  it('shows the load error with Retry', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isList)).flush(apiError(500, 'Database unavailable'), { status: 500, statusText: 'Server Error' });
    await stable();
    expect(text(byTestId(root, 'error-state'))).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest(isList)).flush(aPage([aRun()]));
    await stable();
    expect(allByTestId(root, 'run-row')).toHaveLength(1);
  });
});
