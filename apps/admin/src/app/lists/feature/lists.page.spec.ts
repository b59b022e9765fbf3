import { HttpRequest } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  aConnection,
  aDisconnectedConnection,
  aJobStatus,
  aList,
  aRun,
  aRunningRun,
  allByTestId,
  apiError,
  byTestId,
  httpMock,
  nextRequest,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { SYNC_POLL_MS } from '../../sync/data-access/sync-now';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { ListDetailPage } from './list-detail.page';
import { ListsPage } from './lists.page';

const isLists = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/sync/lists';
const isJobs = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/sync/jobs';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function setUp(url = '/lists') {
  TestBed.configureTestingModule({
    providers: [
      ...provideTestApp([
        { path: 'lists', component: ListsPage },
        { path: 'lists/:listId', component: ListDetailPage },
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

const jobs = (lastRun = aRun()) => [aJobStatus('lists', { lastRun }), aJobStatus('link-contacts'), aJobStatus('activities')];

describe('ListsPage', () => {
  afterEach(verifyNoOpenRequests);

  it('lists the mirrored lists with members and status; Show deleted asks again with includeDeleted=true', async () => {
    const { root, stable, router } = await setUp();
    const active = await nextRequest(isLists);
    expect(active.request.params.get('includeDeleted')).toBe('false');
    active.flush([aList(), aList({ listId: 'l-2', name: 'VIP', description: null, membershipCount: 12 })]);
    (await nextRequest(isJobs)).flush(jobs());
    await stable();

    const rows = allByTestId(root, 'list-row');
    expect(rows.map((row) => text(row))).toEqual([expect.stringContaining('Newsletter'), expect.stringContaining('VIP')]);
    expect(text(rows[0])).toContain('1,200');
    expect(text(rows[0])).toContain('Active');
    expect(text(byTestId(root, 'job-state-lists'))).toContain('Succeeded');

    (byTestId(root, 'show-deleted').querySelector('button[role="switch"]') as HTMLButtonElement).click();
    const withDeleted = await nextRequest(isLists);
    expect(withDeleted.request.params.get('includeDeleted')).toBe('true');
    withDeleted.flush([aList(), aList({ listId: 'l-3', name: 'Old promo', status: 'deleted' })]);
    await stable();
    expect(router.url).toBe('/lists?deleted=true');
    expect(text(allByTestId(root, 'list-row')[1])).toContain('Deleted in CC');
  });

  it('"Sync lists now" runs the lists job with its progress and reloads the lists when it ends', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isLists)).flush([]);
    (await nextRequest(isJobs)).flush(jobs());
    await stable();
    expect(text(byTestId(root, 'empty-state'))).toContain('No lists yet');

    byTestId<HTMLButtonElement>(root, 'sync-lists-now').click();
    (await nextRequest((r) => r.method === 'POST' && r.url === '/api/sync/jobs/lists/run')).flush(aRunningRun({ id: 'run-5' }), {
      status: 201,
      statusText: 'Created',
    });
    await rendered();
    expect(text(byTestId(root, 'job-progress-lists'))).toBe('123 of 600 · 41/s · less than a minute left');

    (await nextRequest((r) => r.url === '/api/sync/runs/run-5')).flush(aRun({ id: 'run-5' }));
    (await nextRequest(isLists, 'lists again')).flush([aList()]);
    await rendered();
    for (const check of httpMock().match((r) => r.url === '/api/ctct/connection')) if (!check.cancelled) check.flush(aConnection());

    expect(allByTestId(root, 'list-row')).toHaveLength(1);
    expect(text(byTestId(root, 'job-state-lists'))).toContain('Succeeded');
  });

  it('shows the load error with Retry', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isLists)).flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
    (await nextRequest(isJobs)).flush(jobs());
    await stable();
    expect(text(byTestId(root, 'error-state'))).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest(isLists)).flush([aList()]);
    await stable();
    expect(allByTestId(root, 'list-row')).toHaveLength(1);
  });

  it('opens a list from its row (click or Enter) on its own page, with a way to add CRM contacts to it', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isLists)).flush([aList(), aList({ listId: 'l-2', name: 'VIP', description: null, membershipCount: 12 })]);
    (await nextRequest(isJobs)).flush(jobs());
    await stable();

    const vip = allByTestId(root, 'list-row')[1];
    expect(vip.getAttribute('tabindex')).toBe('0');
    vip.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const all = await nextRequest(isLists);
    expect(all.request.params.get('includeDeleted')).toBe('true');
    all.flush([aList(), aList({ listId: 'l-2', name: 'VIP', description: null, membershipCount: 12 })]);
    await stable();

    expect(router.url).toBe('/lists/l-2');
    expect(text(byTestId(root, 'list-detail'))).toContain('VIP');
    expect(text(byTestId(root, 'list-members'))).toBe('12');
    expect(byTestId(root, 'list-add-contacts').getAttribute('href')).toBe('/bulk-memberships?list=l-2');
  });

  it('disables "Sync lists now" and says why while Constant Contact is not connected', async () => {
    const { root, stable } = await setUp();
    TestBed.inject(ConnectionStatusService).publish(aDisconnectedConnection());
    (await nextRequest(isLists)).flush([aList()]);
    (await nextRequest(isJobs)).flush(jobs());
    await stable();
    expect(byTestId<HTMLButtonElement>(root, 'sync-lists-now').disabled).toBe(true);
    expect(text(byTestId(root, 'sync-now-blocked-lists'))).toBe('Constant Contact is not connected: connect it first.');
  });
});
