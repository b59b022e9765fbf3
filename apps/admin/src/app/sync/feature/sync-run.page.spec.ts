import { HttpRequest } from '@angular/common/http';
import { Component, input, type Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SyncRunDto } from '@ctct/shared-types';
import {
  aPage,
  aRecord,
  aRun,
  aRunningRun,
  allByTestId,
  apiError,
  byTestId,
  nextRequest,
  pressEnter,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { SYNC_POLL_MS } from '../data-access/sync-now';
import { RUN_ACTIONS } from './run-actions';
import { RunLifecycleActions } from './run-lifecycle-actions';
import { SyncRunPage } from './sync-run.page';

@Component({ template: 'stub' })
class Stub {}

const isRun = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/sync/runs/run-1';
const isRecords = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/sync/runs/run-1/records';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** As the app is set up: Resume / Retry / Cancel provided through RUN_ACTIONS (`actions: null`: none provided). */
async function setUp(url = '/sync/runs/run-1', options: { actions?: Type<unknown> | null } = {}) {
  const actions = options.actions === undefined ? RunLifecycleActions : options.actions;
  TestBed.configureTestingModule({
    providers: [
      ...provideTestApp([
        { path: 'sync/runs/:id', component: SyncRunPage },
        { path: 'contacts/:id', component: Stub },
        { path: 'api-log', component: Stub },
      ]),
      { provide: SYNC_POLL_MS, useValue: 10 },
      { provide: RUN_ACTIONS, useValue: actions },
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

const linkRun = aRun({
  id: 'run-1',
  job: 'link-contacts',
  mode: 'full',
  counts: { created: 0, updated: 7, linked: 296, skipped: 30, failed: 2, optOuts: 7, unmatched: 282 },
  notes: ['2 CC contacts share an email with several CRM contacts: linked to the most recently updated one.'],
  apiCalls: 12,
  attempts: 2,
});

describe('SyncRunPage', () => {
  afterEach(verifyNoOpenRequests);

  it('shows the run with its counts as a grid, notes and the link to its API calls', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(linkRun);
    (await nextRequest(isRecords)).flush(aPage([aRecord()]));
    await stable();

    expect(text(byTestId(root, 'run-detail'))).toContain('Link contacts run');
    expect(text(byTestId(root, 'run-status'))).toBe('Succeeded');
    expect(text(byTestId(root, 'run-detail'))).toContain('resumed · 2 attempts');
    const counts = Array.from(byTestId(root, 'run-counts').querySelectorAll('li')).map(text);
    expect(counts).toEqual([
      '0 created',
      '7 updated',
      '296 linked',
      '30 skipped',
      '2 failed',
      '7 opt-outs brought into the CRM',
      '282 only in Constant Contact',
    ]);
    expect(text(byTestId(root, 'run-notes'))).toContain('linked to the most recently updated one');
    expect(byTestId(root, 'run-api-calls-link').getAttribute('href')).toBe('/api-log?jobRunId=run-1');
  });

  it('shows re-linked and needs-review counts beside the links when a run had some', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush({ ...linkRun, counts: { ...linkRun.counts, relinked: 1, needs_review: 3 } });
    (await nextRequest(isRecords)).flush(
      aPage([aRecord({ outcome: 'needs_review', reason: 'needs review: 2 CRM contacts share this email' })]),
    );
    await stable();

    const counts = Array.from(byTestId(root, 'run-counts').querySelectorAll('li')).map(text);
    expect(counts.slice(0, 7)).toEqual(['0 created', '7 updated', '296 linked', '1 re-linked', '3 need review', '30 skipped', '2 failed']);
    expect(text(byTestId(root, 'records-outcome-needs_review'))).toBe('Needs review 3');
  });

  it('requests records by outcome, builds the CSV link for it and pages with the cursor', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isRun)).flush(linkRun);
    const all = await nextRequest(isRecords);
    expect(all.request.params.toString()).toBe('limit=100');
    all.flush(
      aPage([aRecord(), aRecord({ id: 'rec-2', outcome: 'skipped', reason: 'No CRM contact with this email', crmContactId: null })]),
    );
    await stable();
    expect(byTestId(root, 'records-csv').getAttribute('href')).toBe('/api/sync/runs/run-1/records.csv');
    expect(allByTestId(root, 'record-row')).toHaveLength(2);
    expect(text(byTestId(root, 'records-outcome-linked'))).toBe('Linked 296');

    byTestId<HTMLButtonElement>(root, 'records-outcome-failed').click();
    const failed = await nextRequest(isRecords);
    expect(failed.request.params.toString()).toBe('outcome=failed&limit=100');
    failed.flush(aPage([aRecord({ id: 'rec-3', outcome: 'failed', reason: 'CC answered 400' })], 'next-1'));
    await stable();
    expect(router.url).toBe('/sync/runs/run-1?outcome=failed');
    expect(byTestId(root, 'records-outcome-failed').getAttribute('aria-pressed')).toBe('true');
    expect(byTestId(root, 'records-csv').getAttribute('href')).toBe('/api/sync/runs/run-1/records.csv?outcome=failed');
    expect(text(byTestId(root, 'record-row'))).toContain('CC answered 400');

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    const next = await nextRequest(isRecords);
    expect(next.request.params.toString()).toBe('outcome=failed&cursor=next-1&limit=100');
    next.flush(aPage([]));
    await stable();
    expect(text(byTestId(root, 'empty-state'))).toContain('No failed records');
  });

  it('opens the CRM contact of a record with Enter', async () => {
    const { root, stable, router } = await setUp('/sync/runs/run-1?outcome=linked');
    (await nextRequest(isRun)).flush(linkRun);
    const linked = await nextRequest(isRecords);
    expect(linked.request.params.get('outcome')).toBe('linked');
    linked.flush(aPage([aRecord({ crmContactId: 'c-42' })]));
    await stable();

    pressEnter(byTestId(root, 'record-row'));
    await stable();
    expect(router.url).toBe('/contacts/c-42');
  });

  it('polls a running run with its progress and reads the records again when it ends', async () => {
    const { root } = await setUp();
    (await nextRequest(isRun)).flush(aRunningRun({ id: 'run-1' }));
    (await nextRequest(isRecords)).flush(aPage([]));
    await rendered();
    expect(text(byTestId(root, 'run-progress'))).toBe('123 of 600 · 41/s · less than a minute left');

    (await nextRequest(isRun, 'poll')).flush(aRun({ id: 'run-1' }));
    (await nextRequest(isRecords, 'records again')).flush(aPage([aRecord({ outcome: 'created' })]));
    await rendered();
    expect(root.querySelector('[data-testid="run-progress"]')).toBeNull();
    expect(allByTestId(root, 'record-row')).toHaveLength(1);
  });

  it('resumes a paused run, showing why it paused until then', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(
      aRun({
        id: 'run-1',
        job: 'bulk-memberships',
        status: 'paused',
        pauseCause: 'outage',
        statusReason: 'Constant Contact is not answering',
        counts: { created: 0, updated: 0, linked: 0, sent: 500, skipped: 3, failed: 0 },
        actions: ['resume', 'cancel'],
      }),
    );
    (await nextRequest(isRecords)).flush(aPage([aRecord({ outcome: 'sent', reason: 'sent to Constant Contact; not confirmed yet' })]));
    await stable();
    expect(root.querySelector('[data-testid="run-retry"]')).toBeNull();
    expect(text(byTestId(root, 'records-outcome-sent'))).toContain('Sent, not confirmed');

    byTestId<HTMLButtonElement>(root, 'run-resume').click();
    const resume = await nextRequest((r) => r.method === 'POST' && r.url === '/api/sync/runs/run-1/resume');
    resume.flush(aRunningRun({ id: 'run-1' }));
    (await nextRequest(isRun, 'poll')).flush(aRun({ id: 'run-1' }));
    (await nextRequest(isRecords, 'records again')).flush(aPage([aRecord()]));
    await rendered();
    expect(text(byTestId(root, 'run-status'))).toBe('Succeeded');
    expect(root.querySelector('[data-testid="run-resume"]')).toBeNull();
  });

  it("retries a failed run from its checkpoint, and shows the API's answer when it is refused", async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(aRun({ id: 'run-1', status: 'failed', statusReason: 'CC kept failing', actions: ['retry'] }));
    (await nextRequest(isRecords)).flush(aPage([]));
    await stable();
    expect(root.querySelector('[data-testid="run-cancel"]')).toBeNull();

    byTestId<HTMLButtonElement>(root, 'run-retry').click();
    (await nextRequest((r) => r.method === 'POST' && r.url === '/api/sync/runs/run-1/retry')).flush(
      apiError(409, 'Another link-contacts run (run-2) is in progress: wait for it, or cancel it.'),
      { status: 409, statusText: 'Conflict' },
    );
    await rendered();
    expect(text(byTestId(root, 'run-action-error'))).toContain('Another link-contacts run (run-2) is in progress');
    expect(byTestId<HTMLButtonElement>(root, 'run-retry').disabled).toBe(false);
  });

  it('cancels only after confirmation, and keeps the records', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(aRun({ id: 'run-1', status: 'paused', statusReason: 'Reconnect', actions: ['resume', 'cancel'] }));
    (await nextRequest(isRecords)).flush(aPage([aRecord()]));
    await stable();

    byTestId<HTMLButtonElement>(root, 'run-cancel').click();
    await rendered();
    expect(text(byTestId(document, 'confirm-ok'))).toBe('Cancel run');
    byTestId<HTMLButtonElement>(document, 'confirm-cancel').click();
    await rendered();
    // Not confirmed: nothing was asked.
    byTestId<HTMLButtonElement>(root, 'run-cancel').click();
    await rendered();
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
    (await nextRequest((r) => r.method === 'POST' && r.url === '/api/sync/runs/run-1/cancel')).flush(
      aRun({ id: 'run-1', status: 'cancelled', statusReason: 'Cancelled before it finished; what was done before is kept.' }),
    );
    (await nextRequest(isRecords, 'records again')).flush(aPage([aRecord()]));
    await rendered();
    expect(text(byTestId(root, 'run-status'))).toBe('Cancelled');
    expect(root.querySelector('[data-testid="run-cancel"]')).toBeNull();
    expect(allByTestId(root, 'record-row')).toHaveLength(1);
  });

  it('says a running run is being cancelled while it finishes the call in progress', async () => {
    const { root } = await setUp();
    (await nextRequest(isRun)).flush(aRunningRun({ id: 'run-1', cancelRequested: true, actions: [] }));
    (await nextRequest(isRecords)).flush(aPage([]));
    await rendered();
    expect(text(byTestId(root, 'run-cancel-requested'))).toContain('stops after the call in progress');
    expect(root.querySelector('[data-testid="run-cancel"]')).toBeNull();
    (await nextRequest(isRun, 'poll')).flush(aRun({ id: 'run-1', status: 'cancelled' }));
    (await nextRequest(isRecords, 'records again')).flush(aPage([]));
    await rendered();
    expect(text(byTestId(root, 'run-status'))).toBe('Cancelled');
  });

  it('says the run was not found on 404', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(apiError(404, 'No sync run run-1'), { status: 404, statusText: 'Not Found' });
    (await nextRequest(isRecords)).flush(apiError(404, 'No sync run run-1'), { status: 404, statusText: 'Not Found' });
    await stable();
    expect(text(byTestId(root, 'not-found'))).toContain('Run not found');
  });

  it("counts a bulk run in the wizard's words, not its internal keys", async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(
      aRun({
        id: 'run-1',
        job: 'bulk-memberships',
        counts: { created: 3, updated: 5, linked: 1, skipped: 2, failed: 0, create: 3, add_linked: 5, link_and_add: 1, skip_no_email: 2 },
      }),
    );
    (await nextRequest(isRecords)).flush(aPage([]));
    await stable();

    const counts = text(byTestId(root, 'run-counts'));
    expect(counts).toContain('3 New in Constant Contact');
    expect(counts).toContain('5 Already in Constant Contact');
    expect(counts).toContain('1 Found in Constant Contact by email');
    expect(counts).toContain('2 Skipped: no email');
    expect(counts).not.toMatch(/add_linked|link_and_add|skip_no_email/);
  });

  it("says why a run paused in words, with the API's message under Details", async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isRun)).flush(
      aRun({
        id: 'run-1',
        status: 'failed',
        statusReason: 'Constant Contact getActivityStatusCollection failed: ' + 'ECONNREFUSED (after 5 attempts)',
      }),
    );
    (await nextRequest(isRecords)).flush(aPage([]));
    await stable();

    const reason = byTestId(root, 'run-status-reason');
    expect(text(reason)).toMatch(/^Constant Contact could not be reached\. Try again in a few minutes/);
    expect(text(byTestId(reason, 'message-details'))).toContain('getActivityStatusCollection failed: ECONNREFUSED');
  });
});

@Component({
  selector: 'app-test-run-actions',
  template: `<button type="button" data-testid="test-resume" (click)="resume()">Resume</button> {{ run().status }}`,
})
class TestRunActions {
  readonly run = input.required<SyncRunDto>();
  readonly changed = input.required<(run: SyncRunDto) => void>();
  protected resume(): void {
    this.changed()(aRun({ id: 'run-1', status: 'queued', finishedAt: null }));
  }
}

describe('SyncRunPage — the RUN_ACTIONS extension point', () => {
  afterEach(verifyNoOpenRequests);

  it('shows no actions when nothing is provided to RUN_ACTIONS', async () => {
    const { root, stable } = await setUp('/sync/runs/run-1', { actions: null });
    (await nextRequest(isRun)).flush(aRun({ id: 'run-1', status: 'paused', actions: ['resume', 'cancel'] }));
    (await nextRequest(isRecords)).flush(aPage([]));
    await stable();
    expect(root.querySelector('app-run-lifecycle-actions')).toBeNull();
    expect(root.querySelector('[data-testid="run-resume"]')).toBeNull();
  });

  it('hands the run to the provided actions and follows the run an action answers with', async () => {
    TestBed.configureTestingModule({
      providers: [
        ...provideTestApp([{ path: 'sync/runs/:id', component: SyncRunPage }]),
        { provide: SYNC_POLL_MS, useValue: 10 },
        { provide: RUN_ACTIONS, useValue: TestRunActions },
      ],
    });
    const harness = await RouterTestingHarness.create();
    void harness.navigateByUrl('/sync/runs/run-1');
    (await nextRequest(isRun)).flush(aRun({ id: 'run-1', status: 'paused' }));
    (await nextRequest(isRecords)).flush(aPage([]));
    await harness.fixture.whenStable();
    const root = harness.fixture.nativeElement as HTMLElement;
    expect(text(root.querySelector('app-test-run-actions')!)).toContain('paused');

    byTestId<HTMLButtonElement>(root, 'test-resume').click();
    // The page now follows the queued run.
    (await nextRequest(isRun, 'poll')).flush(aRun({ id: 'run-1', status: 'succeeded' }));
    (await nextRequest(isRecords, 'records again')).flush(aPage([]));
    await harness.fixture.whenStable();
    expect(text(byTestId(root, 'run-status'))).toBe('Succeeded');
  });
});
