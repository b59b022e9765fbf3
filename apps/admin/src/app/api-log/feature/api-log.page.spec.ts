import { TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  aLogDetail,
  aLogEntry,
  allByTestId,
  apiError,
  aPage,
  byTestId,
  chooseOption,
  httpMock,
  nextRequest,
  pressEnter,
  provideTestApp,
  typeInto,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { ApiLogPage, SEARCH_DEBOUNCE_MS } from './api-log.page';

const JOB_RUN = '0b6f1f2e-5a4c-4c8e-9a53-1f0d2b7c9e11';
const isList = (r: { method: string; url: string }) => r.method === 'GET' && r.url === '/api/api-log';
const isDetail = (id: string) => (r: { method: string; url: string }) => r.method === 'GET' && r.url === `/api/api-log/${id}`;

async function setUp(url = '/api-log') {
  TestBed.configureTestingModule({ providers: provideTestApp([{ path: 'api-log', component: ApiLogPage }]) });
  const harness = await RouterTestingHarness.create();
  // Not awaited: the page's request keeps the app unstable until the test answers it.
  void harness.navigateByUrl(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  const stable = () => harness.fixture.whenStable();
  const expectList = (): Promise<TestRequest> => nextRequest(isList, 'GET /api/api-log');
  return { harness, root, stable, expectList, router: TestBed.inject(Router) };
}

/** Opens the page and answers the first list request with `entries`. */
async function openWith(entries = [aLogEntry()], url = '/api-log', nextCursor: string | null = null) {
  const ctx = await setUp(url);
  (await ctx.expectList()).flush(aPage(entries, nextCursor));
  await ctx.stable();
  return ctx;
}

function paramsOf(req: TestRequest): Record<string, string> {
  const params = req.request.params;
  return Object.fromEntries(params.keys().map((key) => [key, params.get(key) ?? '']));
}

function commit(input: HTMLInputElement, value: string): void {
  typeInto(input, value);
  input.dispatchEvent(new Event('change'));
}

const isOpen = (root: HTMLElement) => byTestId(root, 'log-detail').classList.contains('mat-drawer-opened');

describe('ApiLogPage', () => {
  afterEach(() => {
    vi.useRealTimers();
    verifyNoOpenRequests();
  });

  it('asks for the newest 50 calls of every system and lists them', async () => {
    const { root, stable, expectList } = await setUp();
    const req = await expectList();
    expect(paramsOf(req)).toEqual({ limit: '50' });

    req.flush(
      aPage([
        aLogEntry(),
        aLogEntry({
          id: 'log-2',
          operation: 'contacts.create',
          method: 'POST',
          path: '/v3/contacts',
          query: null,
          status: null,
          durationMs: 30_000,
          attempt: 3,
          errorKey: 'network.timeout',
          errorMessage: 'No response in 30 s',
        }),
      ]),
    );
    await stable();

    expect(byTestId(root, 'api-log-table')).toBeTruthy();
    const rows = allByTestId(root, 'api-log-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('contacts.list');
    expect(rows[0].textContent).toContain('/v3/contacts?limit=500');
    expect(rows[0].querySelector('[data-testid="log-status"]')?.textContent?.trim()).toBe('200');
    expect(rows[0].querySelector('[data-testid="log-status"]')?.className).toContain('status-2xx');
    expect(rows[1].querySelector('[data-testid="log-status"]')?.textContent).toContain('—');
    expect(rows[1].querySelector('[data-testid="log-status"]')?.className).toContain('status-error');
    expect(rows[1].textContent).toContain('network.timeout');
    expect(rows[1].textContent).toContain('No response in 30 s');
    expect(rows[0].getAttribute('tabindex')).toBe('0');
  });

  it('sends every filter found in the URL (so the sync pages can link ?jobRunId=)', async () => {
    const { expectList, root, stable } = await setUp(
      `/api-log?statusClass=4xx&method=POST&q=oauth&from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z&jobRunId=${JOB_RUN}`,
    );
    const req = await expectList();
    expect(paramsOf(req)).toEqual({
      statusClass: '4xx',
      method: 'POST',
      q: 'oauth',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      jobRunId: JOB_RUN,
      limit: '50',
    });
    req.flush(aPage([]));
    await stable();
    expect(byTestId<HTMLInputElement>(root, 'filter-job-run').value).toBe(JOB_RUN);
    expect(byTestId<HTMLInputElement>(root, 'filter-text').value).toBe('oauth');
  });

  it.each([
    ['filter-status', '5xx', { statusClass: '5xx' }],
    ['filter-status', 'Network error', { statusClass: 'error' }],
    ['filter-method', 'PATCH', { method: 'PATCH' }],
    ['filter-system', 'Constant Contact', { system: 'CTCT' }],
  ])('filters from %s = %s', async (select, option, expected) => {
    const { root, expectList, router } = await openWith();

    await chooseOption(root, select, option);

    if (!expected) {
      httpMock().expectNone(isList); // CTCT is already the system shown
      return;
    }
    const req = await expectList();
    expect(paramsOf(req)).toEqual({ ...expected, limit: '50' });
    expect(router.url).toBe(`/api-log?${new URLSearchParams(expected).toString()}`);
    req.flush(aPage([]));
  });

  it('searches operation and path after the user stops typing for 300 ms', async () => {
    const { root, expectList, router } = await openWith();

    vi.useFakeTimers();
    const search = byTestId<HTMLInputElement>(root, 'filter-text');
    typeInto(search, 'oa');
    vi.advanceTimersByTime(100);
    typeInto(search, ' oauth ');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 10);
    httpMock().expectNone(isList);
    vi.advanceTimersByTime(20);
    vi.useRealTimers();

    const req = await expectList();
    expect(paramsOf(req)).toEqual({ q: 'oauth', limit: '50' });
    expect(router.url).toBe('/api-log?q=oauth');
    req.flush(aPage([]));
  });

  it('sends the time range as ISO instants', async () => {
    const { root, stable, expectList } = await openWith();

    commit(byTestId<HTMLInputElement>(root, 'filter-from'), '2026-11-20T08:30');
    const afterFrom = await expectList();
    expect(afterFrom.request.params.get('from')).toBe(new Date('2026-11-20T08:30').toISOString());
    afterFrom.flush(aPage([aLogEntry()]));
    await stable();

    commit(byTestId<HTMLInputElement>(root, 'filter-to'), '2026-11-21T17:00');
    const afterTo = await expectList();
    expect(paramsOf(afterTo)).toEqual({
      from: new Date('2026-11-20T08:30').toISOString(),
      to: new Date('2026-11-21T17:00').toISOString(),
      limit: '50',
    });
    afterTo.flush(aPage([]));
    await stable();
    expect(byTestId<HTMLInputElement>(root, 'filter-from').value).toBe('2026-11-20T08:30');
  });

  it('filters by job run id when it is committed', async () => {
    const { root, expectList, router } = await openWith();

    commit(byTestId<HTMLInputElement>(root, 'filter-job-run'), ` ${JOB_RUN} `);

    const req = await expectList();
    expect(paramsOf(req)).toEqual({ jobRunId: JOB_RUN, limit: '50' });
    expect(router.url).toBe(`/api-log?jobRunId=${JOB_RUN}`);
    req.flush(aPage([]));
  });

  it('passes nextCursor as cursor on Next and returns on Previous', async () => {
    const { root, stable, expectList } = await openWith([aLogEntry()], '/api-log?method=GET', 'cursor-2');
    expect(byTestId<HTMLButtonElement>(root, 'prev-page').disabled).toBe(true);

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    const second = await expectList();
    expect(paramsOf(second)).toEqual({ method: 'GET', cursor: 'cursor-2', limit: '50' });
    second.flush(aPage([aLogEntry({ id: 'log-51' })], null));
    await stable();
    expect(byTestId<HTMLButtonElement>(root, 'next-page').disabled).toBe(true);
    expect(byTestId(root, 'page-number').textContent).toContain('Page 2');

    byTestId<HTMLButtonElement>(root, 'prev-page').click();
    const first = await expectList();
    expect(first.request.params.has('cursor')).toBe(false);
    first.flush(aPage([aLogEntry()], 'cursor-2'));
  });

  it('links the CSV export with the current filters (no paging)', async () => {
    const { root, stable, expectList } = await openWith([aLogEntry()], `/api-log?statusClass=5xx&q=contacts&jobRunId=${JOB_RUN}`, 'c2');
    byTestId<HTMLButtonElement>(root, 'next-page').click();
    (await expectList()).flush(aPage([aLogEntry()]));
    await stable();

    const link = byTestId<HTMLAnchorElement>(root, 'export-csv');
    const href = new URL(link.getAttribute('href') ?? '', 'http://admin.test');
    expect(href.pathname).toBe('/api/api-log/export.csv');
    expect(Object.fromEntries(href.searchParams)).toEqual({ statusClass: '5xx', q: 'contacts', jobRunId: JOB_RUN });
    expect(link.hasAttribute('download')).toBe(true);
  });

  it('opens the detail drawer on a row with the bodies pretty-printed, and closes it', async () => {
    const { root, stable } = await openWith([aLogEntry({ id: 'log-7', operation: 'oauth.token.authorization_code' })]);
    expect(isOpen(root)).toBe(false);

    byTestId(root, 'api-log-row').click();
    const get = await nextRequest(isDetail('log-7'), 'GET /api/api-log/log-7');
    get.flush(
      aLogDetail({
        id: 'log-7',
        operation: 'oauth.token.authorization_code',
        method: 'POST',
        path: '/oauth2/default/v1/token',
        query: null,
        requestBody: 'grant_type=authorization_code&code=%5Bredacted%5D&redirect_uri=http%3A%2F%2F127.0.0.1%2Fapi%2Fctct%2Fcallback',
        responseBody: '{"access_token":"[redacted]","token_type":"Bearer","expires_in":86400,"scope":"contact_data offline_access"}',
      }),
    );
    await stable();

    expect(isOpen(root)).toBe(true);
    const drawer = byTestId(root, 'log-detail');
    expect(drawer.textContent).toContain('oauth.token.authorization_code');
    expect(drawer.textContent).toContain('POST /oauth2/default/v1/token');
    expect(byTestId(root, 'log-detail-request').textContent).toBe(
      'grant_type=authorization_code\ncode=[redacted]\nredirect_uri=http://127.0.0.1/api/ctct/callback',
    );
    expect(byTestId(root, 'log-detail-response').textContent).toBe(
      JSON.stringify(
        { access_token: '[redacted]', token_type: 'Bearer', expires_in: 86400, scope: 'contact_data offline_access' },
        null,
        2,
      ),
    );

    byTestId<HTMLButtonElement>(root, 'log-detail-close').click();
    await stable();
    expect(isOpen(root)).toBe(false);
  });

  it('opens the detail with Enter and closes it with Escape', async () => {
    const { root, stable } = await openWith([aLogEntry({ id: 'log-9' })]);

    pressEnter(byTestId(root, 'api-log-row'));
    (await nextRequest(isDetail('log-9'))).flush(aLogDetail({ id: 'log-9', responseBody: 'not json', requestBody: null }));
    await stable();
    expect(isOpen(root)).toBe(true);
    expect(byTestId(root, 'log-detail-response').textContent).toBe('not json');
    expect(byTestId(root, 'log-detail-request').textContent).toBe('(none)');

    byTestId(root, 'log-detail').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', keyCode: 27, bubbles: true }));
    await stable();
    expect(isOpen(root)).toBe(false);
  });

  it('shows in the detail what the client decided after the call (retry, give up…)', async () => {
    const { root, stable } = await openWith([aLogEntry({ id: 'log-4', status: 429 })]);

    byTestId(root, 'api-log-row').click();
    const decision = 'retry in 1.2 s: HTTP 429 throttled (1 of 60 allowed)';
    (await nextRequest(isDetail('log-4'))).flush(aLogDetail({ id: 'log-4', status: 429, decision }));
    await stable();

    expect(byTestId(root, 'log-detail-decision').textContent?.trim()).toBe(decision);
  });

  it('shows "No API calls match" with Clear filters when the page is empty', async () => {
    const { root, stable, expectList, router } = await openWith([], '/api-log?q=nothing');

    expect(byTestId(root, 'empty-state').textContent).toContain('No API calls match');
    expect(root.querySelector('[data-testid="api-log-table"]')).toBeNull();

    byTestId<HTMLButtonElement>(root, 'clear-filters').click();
    const req = await expectList();
    expect(paramsOf(req)).toEqual({ limit: '50' });
    expect(router.url).toBe('/api-log');
    req.flush(aPage([aLogEntry()]));
    await stable();
  });

  it('shows the error with a Retry that asks again', async () => {
    const { root, stable, expectList } = await setUp();
    (await expectList()).flush(apiError(500, 'Database unavailable'), { status: 500, statusText: 'Server Error' });
    await stable();
    expect(byTestId(root, 'error-state').textContent).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await expectList()).flush(aPage([aLogEntry()]));
    await stable();
    expect(allByTestId(root, 'api-log-row')).toHaveLength(1);
  });

  it('says which filter the API refused (400 with fields)', async () => {
    const { root, stable, expectList } = await setUp('/api-log?jobRunId=not-a-uuid');
    (await expectList()).flush(apiError(400, 'Validation failed', [{ field: 'jobRunId', message: 'must be a UUID' }]), {
      status: 400,
      statusText: 'Bad Request',
    });
    await stable();

    expect(byTestId(root, 'error-message').textContent).toBe('Job run id must be a UUID.');
  });

  it('says "To" is before "From" under the field and keeps the list as it was', async () => {
    const { root, stable, expectList } = await openWith();
    commit(byTestId<HTMLInputElement>(root, 'filter-from'), '2026-11-20T08:30');
    (await expectList()).flush(aPage([aLogEntry()]));
    await stable();

    commit(byTestId<HTMLInputElement>(root, 'filter-to'), '2026-11-19T08:30');
    await stable();
    httpMock().expectNone(isList);
    expect(byTestId(root, 'filter-to-error').textContent?.trim()).toBe('"To" is before "From": pick a later time, or clear one of them.');
    expect(byTestId<HTMLInputElement>(root, 'filter-to').getAttribute('aria-invalid')).toBe('true');
    expect(allByTestId(root, 'api-log-row')).toHaveLength(1);
  });

  it('gives each call its own URL: a row opens ?entry=<id>, the link opens it, closing removes it', async () => {
    const { root, stable, router } = await openWith([aLogEntry({ id: 'log-5' })]);
    byTestId(root, 'api-log-row').click();
    (await nextRequest(isDetail('log-5'))).flush(aLogDetail({ id: 'log-5' }));
    await stable();
    expect(router.url).toBe('/api-log?entry=log-5');
    expect(isOpen(root)).toBe(true);

    byTestId<HTMLButtonElement>(root, 'log-detail-close').click();
    await stable();
    expect(router.url).toBe('/api-log');
    expect(isOpen(root)).toBe(false);
  });

  it('opens the drawer on the call a link names', async () => {
    const { root, stable, expectList } = await setUp('/api-log?entry=log-7');
    (await expectList()).flush(aPage([aLogEntry()]));
    (await nextRequest(isDetail('log-7'))).flush(
      aLogDetail({ id: 'log-7', operation: 'putContact', userId: 'u-1', userEmail: 'admin@example.com' }),
    );
    await stable();
    expect(isOpen(root)).toBe(true);
    expect(byTestId(root, 'log-detail').textContent).toContain('putContact');
    // The user by email, not by id.
    expect(byTestId(root, 'log-detail-user').textContent?.trim()).toBe('admin@example.com');
  });

  it('shows a body the log cut at 8 KB indented, wrapped, marked as truncated, with Copy', async () => {
    const cut =
      '{"contacts":[{"email_address":"a@example.com","first_name":"Ada"},{"email_address":"b@exa' + '…[cut at 8192 of 20480 bytes]';
    const { root, stable, expectList } = await setUp('/api-log?entry=log-8');
    (await expectList()).flush(aPage([aLogEntry({ id: 'log-8' })]));
    (await nextRequest(isDetail('log-8'))).flush(aLogDetail({ id: 'log-8', responseBody: cut }));
    await stable();

    expect(byTestId(root, 'log-detail-response-truncated').textContent?.trim()).toBe('Truncated at 8 KB of 20 KB');
    const body = byTestId(root, 'log-detail-response');
    expect(body.textContent).toBe(
      '{\n  "contacts": [\n    {\n      "email_address": "a@example.com",\n      "first_name": ' +
        '"Ada"\n    },\n    {\n      "email_address": "b@exa',
    );
    expect(getComputedStyle(body).whiteSpace).toBe('pre-wrap');
    expect(root.querySelector('[data-testid="log-detail-request-truncated"]')).toBeNull();
    expect(byTestId(root, 'log-detail-copy-response')).toBeTruthy();
  });
});
