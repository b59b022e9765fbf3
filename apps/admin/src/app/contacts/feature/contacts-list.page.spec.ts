import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TestRequest } from '@angular/common/http/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  CONTACT_COUNT,
  aContact,
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
import { ContactsListPage, SEARCH_DEBOUNCE_MS } from './contacts-list.page';

@Component({ template: 'record page' })
class RecordStub {}

const isSearch = (req: { url: string; method: string }) => req.method === 'GET' && req.url === '/api/contacts';

async function setUp(url = '/contacts', options: { answerCount?: boolean } = { answerCount: true }) {
  TestBed.configureTestingModule({
    providers: provideTestApp(
      [
        { path: 'contacts', component: ContactsListPage },
        { path: 'contacts/:id', component: RecordStub },
      ],
      { autoAnswer: options.answerCount ? [CONTACT_COUNT(2)] : [] },
    ),
  });
  const harness = await RouterTestingHarness.create();
  // Not awaited: the page's request keeps the app unstable until the test answers it.
  void harness.navigateByUrl(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  const stable = () => harness.fixture.whenStable();
  const expectSearch = (): Promise<TestRequest> => nextRequest(isSearch, 'GET /api/contacts');
  return { harness, root, stable, expectSearch, router: TestBed.inject(Router) };
}

function paramsOf(req: TestRequest): Record<string, string> {
  const params = req.request.params;
  return Object.fromEntries(params.keys().map((key) => [key, params.get(key) ?? '']));
}

describe('ContactsListPage', () => {
  afterEach(() => {
    vi.useRealTimers();
    verifyNoOpenRequests();
  });

  it('requests the first page of 50 and lists the contacts', async () => {
    const { root, stable, expectSearch } = await setUp();
    const req = await expectSearch();
    expect(paramsOf(req)).toEqual({ limit: '50' });

    req.flush(
      aPage([aContact(), aContact({ id: 'c-2', firstName: 'Grace', lastName: 'Hopper', doNotEmail: true, ctctContactId: 'cc-9' })]),
    );
    await stable();

    const rows = allByTestId(root, 'contact-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Ada Lovelace');
    expect(rows[0].getAttribute('tabindex')).toBe('0');
    expect(rows[1].querySelector('[data-testid="dne-icon"]')).not.toBeNull();
    expect(rows[1].querySelector('[data-testid="linked-icon"]')).not.toBeNull();
    expect(byTestId(root, 'contacts-table')).toBeTruthy();
  });

  it('sends the filters found in the URL (reload / back keeps them)', async () => {
    const { expectSearch } = await setUp('/contacts?q=ada&type=lead&doNotEmail=true&linked=false&sort=-updatedAt');
    const req = await expectSearch();
    expect(paramsOf(req)).toEqual({
      q: 'ada',
      type: 'lead',
      doNotEmail: 'true',
      linked: 'false',
      sort: '-updatedAt',
      limit: '50',
    });
    req.flush(aPage([]));
  });

  it('searches on Enter and writes q into the URL', async () => {
    const { root, stable, expectSearch, router } = await setUp();
    (await expectSearch()).flush(aPage([aContact()]));
    await stable();

    const search = byTestId<HTMLInputElement>(root, 'search');
    typeInto(search, '  grace ');
    pressEnter(search);
    const req = await expectSearch();

    expect(paramsOf(req)).toEqual({ q: 'grace', limit: '50' });
    expect(router.url).toBe('/contacts?q=grace');
    req.flush(aPage([]));
  });

  it('searches after the user stops typing for the debounce time', async () => {
    const { root, stable, expectSearch } = await setUp();
    (await expectSearch()).flush(aPage([aContact()]));
    await stable();

    vi.useFakeTimers();
    const search = byTestId<HTMLInputElement>(root, 'search');
    typeInto(search, 'gr');
    vi.advanceTimersByTime(100);
    typeInto(search, 'grace');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 10);
    httpMock().expectNone(isSearch);
    vi.advanceTimersByTime(20);
    vi.useRealTimers();

    const req = await expectSearch();
    expect(req.request.params.get('q')).toBe('grace');
    req.flush(aPage([]));
  });

  it('filters by type from the type select', async () => {
    const { root, stable, expectSearch, router } = await setUp();
    (await expectSearch()).flush(aPage([aContact()]));
    await stable();

    await chooseOption(root, 'type-filter', 'supplier');

    const req = await expectSearch();
    expect(paramsOf(req)).toEqual({ type: 'supplier', limit: '50' });
    expect(router.url).toBe('/contacts?type=supplier');
    req.flush(aPage([]));
  });

  it('passes nextCursor as cursor on Next and returns to the previous page on Previous', async () => {
    const { root, stable, expectSearch } = await setUp('/contacts?type=customer');
    (await expectSearch()).flush(aPage([aContact()], 'cursor-2'));
    await stable();
    expect(byTestId<HTMLButtonElement>(root, 'prev-page').disabled).toBe(true);

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    const second = await expectSearch();
    expect(paramsOf(second)).toEqual({ type: 'customer', cursor: 'cursor-2', limit: '50' });
    second.flush(aPage([aContact({ id: 'c-51' })], 'cursor-3'));
    await stable();

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    const third = await expectSearch();
    expect(third.request.params.get('cursor')).toBe('cursor-3');
    third.flush(aPage([aContact({ id: 'c-101' })], null));
    await stable();
    expect(byTestId<HTMLButtonElement>(root, 'next-page').disabled).toBe(true);
    expect(byTestId(root, 'page-number').textContent).toContain('Page 3');

    byTestId<HTMLButtonElement>(root, 'prev-page').click();
    const back = await expectSearch();
    expect(back.request.params.get('cursor')).toBe('cursor-2');
    back.flush(aPage([aContact({ id: 'c-51' })], 'cursor-3'));
    await stable();

    byTestId<HTMLButtonElement>(root, 'prev-page').click();
    const first = await expectSearch();
    expect(first.request.params.has('cursor')).toBe(false);
    first.flush(aPage([aContact()], 'cursor-2'));
  });

  it('starts again at the first page when a filter changes', async () => {
    const { root, stable, expectSearch, router } = await setUp();
    (await expectSearch()).flush(aPage([aContact()], 'cursor-2'));
    await stable();
    byTestId<HTMLButtonElement>(root, 'next-page').click();
    (await expectSearch()).flush(aPage([aContact({ id: 'c-51' })], null));
    await stable();

    await router.navigateByUrl('/contacts?type=lead');
    const req = await expectSearch();
    expect(paramsOf(req)).toEqual({ type: 'lead', limit: '50' });
    req.flush(aPage([]));
  });

  it('shows "No contacts match" when the page is empty', async () => {
    const { root, stable, expectSearch } = await setUp('/contacts?q=nobody');
    (await expectSearch()).flush(aPage([]));
    await stable();

    expect(byTestId(root, 'empty-state').textContent).toContain('No contacts match');
    expect(root.querySelector('[data-testid="contacts-table"]')).toBeNull();
  });

  it('shows the error with a Retry that asks again', async () => {
    const { root, stable, expectSearch } = await setUp();
    (await expectSearch()).flush(apiError(500, 'Database unavailable'), { status: 500, statusText: 'Server Error' });
    await stable();

    expect(byTestId(root, 'error-state').textContent).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await expectSearch()).flush(aPage([aContact()]));
    await stable();

    expect(root.querySelector('[data-testid="error-state"]')).toBeNull();
    expect(allByTestId(root, 'contact-row')).toHaveLength(1);
  });

  it('opens the record when Enter is pressed on a row', async () => {
    const { root, stable, expectSearch, router } = await setUp();
    (await expectSearch()).flush(aPage([aContact({ id: 'c-42' })]));
    await stable();

    pressEnter(byTestId(root, 'contact-row'));
    await stable();

    expect(router.url).toBe('/contacts/c-42');
  });

  it('says where the page sits among all matching contacts, counting once per filter and not per page', async () => {
    const { root, stable, expectSearch } = await setUp('/contacts?type=lead', { answerCount: false });
    const isCount = (r: { method: string; url: string }) => r.method === 'GET' && r.url === '/api/contacts/count';
    const fifty = Array.from({ length: 50 }, (_, i) => aContact({ id: `c-${i}` }));
    (await expectSearch()).flush(aPage(fifty, 'cursor-2'));
    const count = await nextRequest(isCount, 'GET /api/contacts/count');
    expect(paramsOf(count)).toEqual({ type: 'lead' });
    count.flush({ count: 2000, kind: 'exact' });
    await stable();
    expect(byTestId(root, 'range').textContent?.trim()).toBe('1–50 of 2,000');

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    (await expectSearch()).flush(aPage(fifty, 'cursor-3'));
    await stable();
    httpMock().expectNone(isCount);
    expect(byTestId(root, 'range').textContent?.trim()).toBe('51–100 of 2,000');
  });

  it('says "10,000+" when the API stopped counting', async () => {
    const { root, stable, expectSearch } = await setUp('/contacts', { answerCount: false });
    (await expectSearch()).flush(aPage([aContact()], 'cursor-2'));
    (await nextRequest((r) => r.url === '/api/contacts/count')).flush({ count: 10_000, kind: 'atLeast' });
    await stable();
    expect(byTestId(root, 'range').textContent?.trim()).toBe('1–1 of 10,000+');
  });
});
