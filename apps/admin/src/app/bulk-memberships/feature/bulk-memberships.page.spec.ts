import { HttpRequest } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  BULK_OUTCOMES,
  type BulkOutcome,
  type BulkPreviewDto,
  type CtctListDto,
  type SyncRunDto,
  type SyncRunRecordDto,
} from '@ctct/shared-types';
import { ConnectionStatusService } from '../../core/connection-status.service';
import {
  aContact,
  aDisconnectedConnection,
  aPage,
  allByTestId,
  apiError,
  byTestId,
  chooseOption,
  httpMock,
  nextRequest,
  pressEnter,
  provideTestApp,
  typeInto,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { BULK_POLL_MS } from '../data-access/bulk-run-poll';
import { BulkMembershipsPage } from './bulk-memberships.page';

@Component({ template: 'stub' })
class Stub {}

const RUN_ID = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const LIST_ID = '0f7cc4a0-6f3c-11ef-9a2b-fa163e6b01c1';

const isSearch = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/contacts';
const isLists = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/sync/lists';
const isPreview = (r: HttpRequest<unknown>) => r.method === 'POST' && r.url === '/api/bulk-memberships/preview';
const isStart = (r: HttpRequest<unknown>) => r.method === 'POST' && r.url === '/api/bulk-memberships/runs';
const isRun = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === `/api/sync/runs/${RUN_ID}`;
const isRecords = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === `/api/sync/runs/${RUN_ID}/records`;
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function aList(overrides: Partial<CtctListDto> = {}): CtctListDto {
  return { listId: LIST_ID, name: 'Newsletter', description: null, membershipCount: 1200, status: 'active', updatedAt: null, ...overrides };
}

const LISTS = [aList(), aList({ listId: '5d1c7e0a-6f3c-11ef-9a2b-fa163e6b01c1', name: 'Customers', membershipCount: 1 })];

function zeros<T>(value: () => T): Record<BulkOutcome, T> {
  return Object.fromEntries(BULK_OUTCOMES.map((outcome) => [outcome, value()])) as Record<BulkOutcome, T>;
}

function aPreview(overrides: Partial<BulkPreviewDto> = {}): BulkPreviewDto {
  const counts = { ...zeros(() => 0), create: 120, add_linked: 300, link_and_add: 40, already_member: 12, skip_do_not_email: 40 };
  const samples = zeros(() => [] as BulkPreviewDto['samples'][BulkOutcome]);
  samples.create = [
    { contactId: 'c-1', name: 'Ada Lovelace', email: 'ada@example.com', ctctContactId: null },
    { contactId: 'c-2', name: 'Grace Hopper', email: 'grace@example.com', ctctContactId: null },
  ];
  samples.skip_do_not_email = [{ contactId: 'c-9', name: 'Dee Nott', email: 'dee@example.com', ctctContactId: null }];
  return {
    total: 512,
    counts,
    samples,
    target: { listId: LIST_ID, name: 'Newsletter', isNew: false },
    apiCalls: {
      estimate: 41,
      breakdown: { createList: 0, imports: 1, addMemberships: 1, readBackCreated: 1, polling: 2 },
      remainingToday: 8766,
      fitsToday: true,
    },
    mirrorSyncedAt: '2026-11-23T00:45:00.000Z',
    ...overrides,
  };
}

function aBulkRun(overrides: Partial<SyncRunDto> = {}): SyncRunDto {
  return {
    id: RUN_ID,
    job: 'bulk-memberships',
    trigger: 'manual',
    status: 'queued',
    statusReason: null,
    mode: null,
    queuedAt: '2026-11-23T01:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    counts: { created: 0, updated: 0, linked: 0, skipped: 0, failed: 0 },
    apiCalls: 0,
    progress: { done: 0, total: null, itemsPerSecond: null },
    notes: [],
    attempts: 1,
    pauseCause: null,
    resumeAfter: null,
    cancelRequested: false,
    actions: [],
    ...overrides,
  };
}

const succeeded = (overrides: Partial<SyncRunDto> = {}) =>
  aBulkRun({
    status: 'succeeded',
    startedAt: '2026-11-23T01:00:01.000Z',
    finishedAt: '2026-11-23T01:00:14.000Z',
    counts: {
      created: 120,
      updated: 300,
      linked: 40,
      skipped: 52,
      failed: 0,
      create: 120,
      add_linked: 300,
      link_and_add: 40,
      already_member: 12,
      skip_do_not_email: 40,
    },
    apiCalls: 7,
    progress: { done: 512, total: 512, itemsPerSecond: 39 },
    ...overrides,
  });

function aRecord(overrides: Partial<SyncRunRecordDto> = {}): SyncRunRecordDto {
  return {
    id: 'r-1',
    outcome: 'created',
    reason: 'created in Constant Contact and added to the list',
    crmContactId: 'c-1',
    ctctId: 'cc-1',
    label: 'ada@example.com',
    createdAt: '2026-11-23T01:00:14.000Z',
    ...overrides,
  };
}

const CONTACTS = [
  aContact({ id: 'c-1' }),
  aContact({ id: 'c-2', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', ctctContactId: 'cc-2' }),
];

async function setUp(lists: CtctListDto[] = LISTS, url = '/bulk-memberships') {
  TestBed.configureTestingModule({
    providers: [
      ...provideTestApp([
        { path: 'bulk-memberships', component: BulkMembershipsPage },
        { path: 'sync/runs/:id', component: Stub },
        { path: 'api-log', component: Stub },
        { path: 'contacts/:id', component: Stub },
        { path: 'settings', component: Stub },
      ]),
      { provide: BULK_POLL_MS, useValue: 10 },
    ],
  });
  const harness = await RouterTestingHarness.create();
  // Not awaited: the page's requests keep the app unstable until the test answers them.
  void harness.navigateByUrl(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  const stable = () => harness.fixture.whenStable();
  (await nextRequest(isLists, 'GET /api/sync/lists')).flush(lists);
  const search = await nextRequest(isSearch, 'GET /api/contacts');
  expect(search.request.params.toString()).toBe('limit=50');
  search.flush(aPage(CONTACTS, 'page-2'));
  await stable();

  const click = async (testId: string) => {
    byTestId(root, testId).click();
    await stable();
  };
  /** mat-checkbox / mat-radio-button: click the native input inside. */
  const check = async (host: Element) => {
    host.querySelector('input')!.click();
    await stable();
  };
  const rowCheckbox = (index: number) => byTestId(allByTestId(root, 'select-row')[index], 'select-row-checkbox');
  const listOption = (name: string) => allByTestId(root, 'list-option').find((option) => text(option) === name)!;
  const isDisabled = (testId: string) => byTestId<HTMLButtonElement>(root, testId).disabled;
  const selectedCount = () => text(byTestId(root, 'selected-count'));
  /** Ticks the first contact, picks "Newsletter", and moves to the preview: returns its request. */
  const reachPreview = async () => {
    await check(rowCheckbox(0));
    await click('to-list-step');
    await check(listOption('Newsletter'));
    byTestId(root, 'to-preview-step').click();
    return nextRequest(isPreview, 'POST preview');
  };
  return { harness, root, stable, click, check, rowCheckbox, listOption, isDisabled, selectedCount, reachPreview };
}

describe('BulkMembershipsPage', () => {
  afterEach(verifyNoOpenRequests);

  it("starts with the list picked that a list's page asked for (?list=)", async () => {
    const { root, click, check, rowCheckbox, listOption, isDisabled } = await setUp(LISTS, `/bulk-memberships?list=${LIST_ID}`);
    await check(rowCheckbox(0));
    await click('to-list-step');
    expect(listOption('Newsletter').querySelector('input')!.checked).toBe(true);
    expect(isDisabled('to-preview-step')).toBe(false);
    expect(root.querySelector('[data-testid="new-list-name"]')).toBeNull();
  });

  it('names every row checkbox after its contact, for screen readers', async () => {
    const { root } = await setUp();
    const inputs = allByTestId(root, 'select-row-checkbox').map((box) => box.querySelector('input')!);
    expect(inputs.map((input) => input.getAttribute('aria-label'))).toEqual(['Select Ada Lovelace', 'Select Grace Hopper']);
  });

  it('accumulates ticked contacts across pages and searches and previews them by id', async () => {
    const { root, stable, click, check, rowCheckbox, listOption, isDisabled, selectedCount } = await setUp();
    expect(byTestId(root, 'bulk-stepper')).toBeTruthy();
    expect(selectedCount()).toBe('No contacts selected');
    expect(isDisabled('to-list-step')).toBe(true);

    await check(rowCheckbox(0));
    expect(selectedCount()).toBe('1 selected');

    byTestId(root, 'select-next-page').click();
    const page2 = await nextRequest(isSearch);
    expect(page2.request.params.get('cursor')).toBe('page-2');
    page2.flush(aPage([aContact({ id: 'c-3', firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com' })]));
    await stable();
    await check(rowCheckbox(0));
    expect(selectedCount()).toBe('2 selected');

    const search = byTestId<HTMLInputElement>(root, 'select-search');
    typeInto(search, ' grace ');
    pressEnter(search);
    const searched = await nextRequest(isSearch);
    expect(searched.request.params.toString()).toBe('q=grace&limit=50');
    searched.flush(aPage([CONTACTS[1], CONTACTS[0]]));
    await stable();
    // c-1 is still ticked from the first page.
    expect(rowCheckbox(1).querySelector('input')!.checked).toBe(true);
    await check(rowCheckbox(0));
    expect(selectedCount()).toBe('3 selected');
    await check(rowCheckbox(1)); // untick c-1
    expect(selectedCount()).toBe('2 selected');

    expect(isDisabled('to-list-step')).toBe(false);
    await click('to-list-step');
    await check(listOption('Newsletter'));
    byTestId(root, 'to-preview-step').click();
    const preview = await nextRequest(isPreview);
    expect(preview.request.body).toEqual({ selection: { contactIds: ['c-3', 'c-2'] }, target: { listId: LIST_ID } });
    preview.flush(aPreview({ total: 2 }));
    await stable();
    // Explicit ids: the count stays the number ticked.
    expect(selectedCount()).toBe('2 selected');
  });

  it('"Select all that match" selects the filter itself, follows it, and learns its count from the preview', async () => {
    const { root, stable, click, check, rowCheckbox, selectedCount } = await setUp();
    await check(rowCheckbox(1)); // an id ticked before switching to the filter is dropped

    await chooseOption(root, 'select-type', 'customer');
    const filtered = await nextRequest(isSearch);
    expect(filtered.request.params.toString()).toBe('type=customer&limit=50');
    filtered.flush(aPage(CONTACTS, 'page-2'));
    await stable();

    await check(byTestId(root, 'select-all-matching'));
    expect(selectedCount()).toBe('All matching contacts selected');
    const boxes = allByTestId(root, 'select-row-checkbox').map((box) => box.querySelector('input')!);
    expect(boxes.every((box) => box.checked && box.disabled)).toBe(true);

    await chooseOption(root, 'select-linked', 'Not linked');
    (await nextRequest(isSearch)).flush(aPage(CONTACTS));
    await stable();

    await click('to-list-step');
    await check(byTestId(root, 'new-list-toggle'));
    typeInto(byTestId<HTMLInputElement>(root, 'new-list-name'), '  Spring 2027 ');
    await stable();
    byTestId(root, 'to-preview-step').click();
    const preview = await nextRequest(isPreview);
    expect(preview.request.body).toEqual({
      selection: { filter: { type: 'customer', linked: false } },
      target: { newListName: 'Spring 2027' },
    });
    preview.flush(aPreview({ total: 512, target: { listId: null, name: 'Spring 2027', isNew: true } }));
    await stable();
    expect(selectedCount()).toBe('All 512 contacts matching the filter');
    expect(text(byTestId(root, 'preview-target'))).toContain('a new list “Spring 2027” the run creates');
  });

  it('needs a list or a valid new list name before the preview', async () => {
    const { root, stable, click, check, rowCheckbox, listOption, isDisabled } = await setUp();
    await check(rowCheckbox(0));
    await click('to-list-step');
    expect(allByTestId(root, 'list-option').map(text)).toEqual(['Newsletter', 'Customers']);
    expect(isDisabled('to-preview-step')).toBe(true);

    await check(byTestId(root, 'new-list-toggle'));
    const name = byTestId<HTMLInputElement>(root, 'new-list-name');
    expect(isDisabled('to-preview-step')).toBe(true);
    typeInto(name, '   ');
    name.dispatchEvent(new Event('blur'));
    await stable();
    expect(isDisabled('to-preview-step')).toBe(true);
    expect(text(byTestId(root, 'new-list-name-error'))).toBe('Enter a name for the new list.');
    typeInto(name, 'x'.repeat(256));
    await stable();
    expect(isDisabled('to-preview-step')).toBe(true);
    typeInto(name, 'VIP');
    await stable();
    expect(isDisabled('to-preview-step')).toBe(false);

    typeInto(byTestId<HTMLInputElement>(root, 'list-filter'), 'cust');
    await stable();
    expect(allByTestId(root, 'list-option').map(text)).toEqual(['Customers']);
    await check(listOption('Customers'));
    expect(allByTestId(root, 'new-list-name')).toHaveLength(0);
    expect(isDisabled('to-preview-step')).toBe(false);
  });

  it('offers a new list and points to Settings when no lists are synced', async () => {
    const { root, check, click, rowCheckbox } = await setUp([]);
    await check(rowCheckbox(0));
    await click('to-list-step');
    expect(allByTestId(root, 'list-option')).toHaveLength(0);
    expect(text(byTestId(root, 'empty-state'))).toContain('No Constant Contact lists synced yet');
    expect(byTestId(root, 'sync-lists-hint').getAttribute('href')).toBe('/settings');
    expect(byTestId(root, 'new-list-toggle')).toBeTruthy();
  });

  it('previews counts by outcome with their samples, the API cost, and warns when it does not fit today', async () => {
    const { root, stable, reachPreview } = await setUp();
    (await reachPreview()).flush(aPreview());
    await stable();

    expect(text(byTestId(root, 'preview-count-create'))).toBe('120');
    expect(text(byTestId(root, 'preview-count-add_linked'))).toBe('300');
    expect(text(byTestId(root, 'preview-count-already_member'))).toBe('12');
    expect(text(byTestId(root, 'preview-count-skip_unsubscribed'))).toBe('0');
    const sum = BULK_OUTCOMES.reduce((total, outcome) => total + Number(text(byTestId(root, `preview-count-${outcome}`))), 0);
    expect(sum).toBe(512);
    const groups = Array.from(byTestId(root, 'preview-counts').querySelectorAll('.group-title')).map((title) =>
      Array.from(title.children).map(text),
    );
    expect(groups).toEqual([
      ['Will be added to the list', '460'],
      ['No change', '12'],
      ['Skipped', '40'],
    ]);
    // The same words as the run's counts and results, and what each means.
    expect(text(byTestId(root, 'preview-counts'))).toContain('New in Constant Contact');
    expect(text(byTestId(root, 'preview-explanation-create'))).toBe(
      'Not in Constant Contact yet: the run creates them there and ' + 'adds them to the list.',
    );
    const createSamples = byTestId(root, 'preview-samples-create').querySelectorAll('tbody tr');
    const cells = (row: Element) => Array.from(row.querySelectorAll('td')).map(text);
    expect(Array.from(createSamples).map(cells)).toEqual([
      ['Ada Lovelace', 'ada@example.com', '—'],
      ['Grace Hopper', 'grace@example.com', '—'],
    ]);
    expect(text(byTestId(root, 'preview-samples-skip_do_not_email'))).toContain('dee@example.com');
    expect(text(byTestId(root, 'preview-api-calls'))).toBe(
      '≈ 41 calls of 8,766 left today (imports: 1 · membership additions: 1 · read-back of new contacts: 1 · progress checks: 2)',
    );
    expect(allByTestId(root, 'preview-budget-warning')).toHaveLength(0);
    expect(text(byTestId(root, 'preview-as-of'))).toMatch(/^As of the last sync at Nov 23, 2026/);
    expect(byTestId<HTMLButtonElement>(root, 'start-run').disabled).toBe(false);

    // Back and Next again previews anew.
    (
      Array.from(root.querySelectorAll('button')).find((b) => text(b) === 'Back' && b.closest('[inert]') === null) as HTMLButtonElement
    ).click();
    await stable();
    byTestId(root, 'to-preview-step').click();
    (await nextRequest(isPreview)).flush(
      aPreview({
        apiCalls: {
          estimate: 9000,
          breakdown: { createList: 0, imports: 1, addMemberships: 8997, readBackCreated: 0, polling: 2 },
          remainingToday: 120,
          fitsToday: false,
        },
      }),
    );
    await stable();
    expect(text(byTestId(root, 'preview-api-calls'))).toContain('≈ 9,000 calls of 120 left today');
    expect(text(byTestId(root, 'preview-budget-warning'))).toContain('needs more calls than are left today');
  });

  it('refuses a new list name Constant Contact already has as it is typed, and offers to pick that list', async () => {
    const { root, stable, click, check, rowCheckbox, isDisabled } = await setUp();
    await check(rowCheckbox(0));
    await click('to-list-step');
    await check(byTestId(root, 'new-list-toggle'));
    typeInto(byTestId<HTMLInputElement>(root, 'new-list-name'), ' newsletter ');
    await stable();

    expect(text(byTestId(root, 'new-list-name-error'))).toBe(
      'Constant Contact already has a list called “Newsletter”. Pick it from the lists above, or choose another name.',
    );
    expect(isDisabled('to-preview-step')).toBe(true);
    await click('use-existing-list');
    const picked = allByTestId(root, 'list-option').find((option) => text(option) === 'Newsletter')!;
    expect(picked.querySelector('input')!.checked).toBe(true);
    expect(isDisabled('to-preview-step')).toBe(false);
  });

  it('shows why the preview was refused, on the new list name too, without a Retry that can only fail', async () => {
    const { root, stable, click, check, rowCheckbox } = await setUp();
    await check(rowCheckbox(0));
    await click('to-list-step');
    await check(byTestId(root, 'new-list-toggle'));
    // A list made in CC since the last lists sync: only the API can know.
    typeInto(byTestId<HTMLInputElement>(root, 'new-list-name'), 'Events');
    await stable();
    byTestId(root, 'to-preview-step').click();
    (await nextRequest(isPreview)).flush(
      apiError(400, 'Validation failed', [
        { field: 'target.newListName', message: 'a list named "Events" already exists: pick it instead' },
      ]),
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(text(byTestId(root, 'error-state'))).toContain('a list named "Events" already exists: pick it instead');
    expect(root.querySelector('[data-testid="error-state"] [data-testid="retry"]')).toBeNull();
    expect(byTestId(root, 'preview-back')).toBeTruthy();
    expect(byTestId<HTMLButtonElement>(root, 'start-run').disabled).toBe(true);
    expect(text(byTestId(root, 'new-list-name-error'))).toBe('a list named "Events" already exists: pick it instead');
  });

  it('keeps Run disabled, saying why, while Constant Contact is not connected', async () => {
    const { root, stable, reachPreview } = await setUp();
    TestBed.inject(ConnectionStatusService).publish(aDisconnectedConnection());
    (await reachPreview()).flush(aPreview());
    await stable();
    expect(text(byTestId(root, 'bulk-blocked'))).toContain('Constant Contact is not connected: connect it first.');
    expect(byTestId<HTMLButtonElement>(root, 'start-run').disabled).toBe(true);
    expect(text(byTestId(root, 'start-run-blocked'))).toBe('Constant Contact is not connected: connect it first.');
  });

  it('runs what was previewed, polls the progress every interval and moves to the results when it succeeds', async () => {
    const { root, stable, click, reachPreview } = await setUp();
    const preview = await reachPreview();
    const previewed = preview.request.body;
    preview.flush(aPreview());
    await stable();

    await click('start-run');
    const start = await nextRequest(isStart, 'POST runs');
    expect(start.request.body).toEqual(previewed);
    start.flush(aBulkRun(), { status: 201, statusText: 'Created' });
    await stable();
    expect(text(byTestId(root, 'run-status'))).toBe('Queued: starting in a moment…');
    expect(text(byTestId(root, 'run-progress'))).toContain('Preparing…');

    (await nextRequest(isRun, 'GET run')).flush(
      aBulkRun({ status: 'running', progress: { done: 200, total: 512, itemsPerSecond: 41 }, apiCalls: 3 }),
    );
    await stable();
    expect(text(byTestId(root, 'run-status'))).toBe('Running…');
    expect(text(byTestId(root, 'run-progress'))).toBe('200 of 512 · 41/s · less than a minute left');
    expect(byTestId(root, 'run-progress').querySelector('mat-progress-bar')!.getAttribute('aria-valuenow')).toBe('39');
    expect(allByTestId(root, 'results')).toHaveLength(0);

    (await nextRequest(isRun, 'GET run')).flush(succeeded());
    const records = await nextRequest(isRecords, 'GET records');
    expect(records.request.params.toString()).toBe('outcome=created&limit=100');
    records.flush(aPage([aRecord()]));
    await stable();
    expect(text(byTestId(root, 'run-status'))).toBe('Succeeded');
    expect(byTestId(root, 'results')).toBeTruthy();
    expect(allByTestId(root, 'results-row')).toHaveLength(1);
    // The results step is the one shown.
    expect(byTestId(root, 'results').closest('[inert]')).toBeNull();
    // Polling stopped with the run.
    await new Promise((resolve) => setTimeout(resolve, 40));
    httpMock().expectNone(isRun);
  });

  it('shows the 409 message with a link to the run already in progress', async () => {
    const { root, stable, click, reachPreview } = await setUp();
    (await reachPreview()).flush(aPreview());
    await stable();
    await click('start-run');
    (await nextRequest(isStart)).flush(apiError(409, `A bulk membership run is already in progress (${RUN_ID}); wait for it to finish.`), {
      status: 409,
      statusText: 'Conflict',
    });
    await stable();
    expect(text(byTestId(root, 'error-message'))).toContain('A bulk membership run is already in progress; wait for it to finish.');
    expect(byTestId(root, 'running-run-link').getAttribute('href')).toBe(`/sync/runs/${RUN_ID}`);
    expect(allByTestId(root, 'run-status')).toHaveLength(0);
  });

  it('reads the results by outcome tab with "Load more", links the CSV and the API calls, and starts another', async () => {
    const { root, stable, click, reachPreview, selectedCount } = await setUp();
    (await reachPreview()).flush(aPreview());
    await stable();
    await click('start-run');
    (await nextRequest(isStart)).flush(succeeded(), { status: 201, statusText: 'Created' });

    const created = await nextRequest(isRecords);
    expect(created.request.params.toString()).toBe('outcome=created&limit=100');
    created.flush(aPage([aRecord(), aRecord({ id: 'r-2', label: 'grace@example.com', crmContactId: 'c-2' })], 'cur-1'));
    await stable();
    expect(allByTestId(root, 'results-row')).toHaveLength(2);
    expect(byTestId(root, 'results-csv').getAttribute('href')).toBe(`/api/sync/runs/${RUN_ID}/records.csv?outcome=created`);
    expect(byTestId(root, 'results-api-calls').getAttribute('href')).toBe(`/api-log?jobRunId=${RUN_ID}`);
    // The preview's words.
    expect(text(byTestId(root, 'results-tab-created'))).toBe('New in Constant Contact 120');
    expect(text(byTestId(root, 'results-tab-linked'))).toBe('Found in Constant Contact by email 40');
    expect(text(byTestId(root, 'results-tab-updated'))).toBe('Already in Constant Contact 300');

    byTestId(root, 'results-load-more').click();
    const more = await nextRequest(isRecords);
    expect(more.request.params.toString()).toBe('outcome=created&limit=100&cursor=cur-1');
    more.flush(aPage([aRecord({ id: 'r-3', label: 'alan@example.com' })]));
    await stable();
    expect(allByTestId(root, 'results-row').map((row) => text(row.querySelector('td')!))).toEqual([
      'ada@example.com',
      'grace@example.com',
      'alan@example.com',
    ]);
    expect(allByTestId(root, 'results-load-more')).toHaveLength(0);

    byTestId(root, 'results-tab-failed').click();
    const failed = await nextRequest(isRecords);
    expect(failed.request.params.toString()).toBe('outcome=failed&limit=100');
    failed.flush(
      aPage([aRecord({ outcome: 'failed', reason: 'Constant Contact failed the request: bad address', label: 'bad@example.com' })]),
    );
    await stable();
    expect(text(byTestId(root, 'results-row'))).toContain('Constant Contact failed the request: bad address');
    expect(byTestId(root, 'results-csv').getAttribute('href')).toBe(`/api/sync/runs/${RUN_ID}/records.csv?outcome=failed`);

    // Back on a tab already read: no new request.
    byTestId(root, 'results-tab-created').click();
    await stable();
    expect(allByTestId(root, 'results-row')).toHaveLength(3);

    byTestId(root, 'start-another').click();
    (await nextRequest(isLists)).flush(LISTS);
    (await nextRequest(isSearch)).flush(aPage(CONTACTS));
    await stable();
    expect(selectedCount()).toBe('No contacts selected');
    expect(allByTestId(root, 'results')).toHaveLength(0);
    expect(byTestId(root, 'select-search').closest('[inert]')).toBeNull();
  });
});
