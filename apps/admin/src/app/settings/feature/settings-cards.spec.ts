import { HttpRequest } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  aConnection,
  aDisconnectedConnection,
  aJobStatus,
  aRun,
  aRunningRun,
  aSettings,
  answerSettingsCards,
  apiError,
  byTestId,
  httpMock,
  nextRequest,
  provideTestApp,
  typeInto,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { SYNC_POLL_MS } from '../../sync/data-access/sync-now';
import { SettingsPage } from './settings.page';

const isConnection = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/ctct/connection';
const isPatch = (r: HttpRequest<unknown>) => r.method === 'PATCH' && r.url === '/api/settings';
const isRunGet = (id: string) => (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === `/api/sync/runs/${id}`;

/** Lets the zoneless scheduler render; `whenStable()` would wait for the open polls. */
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (root: HTMLElement, id: string) => byTestId(root, id).textContent?.replace(/\s+/g, ' ').trim() ?? '';
const has = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`) !== null;

/** Answers the connection checks the banner makes after Sync now (ConnectionStatusService.refreshNow). */
function answerConnectionChecks(): number {
  const checks = httpMock()
    .match(isConnection)
    .filter((check) => !check.cancelled);
  for (const check of checks) check.flush(aConnection());
  return checks.length;
}

async function openSettings(jobs = (['lists', 'link-contacts', 'activities'] as const).map((job) => aJobStatus(job))) {
  TestBed.configureTestingModule({
    providers: [...provideTestApp([{ path: 'settings', component: SettingsPage }]), { provide: SYNC_POLL_MS, useValue: 10 }],
  });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl('/settings');
  (await nextRequest(isConnection)).flush(aConnection());
  await answerSettingsCards(aSettings(), jobs);
  await harness.fixture.whenStable();
  return { root: harness.fixture.nativeElement as HTMLElement, stable: () => harness.fixture.whenStable() };
}

describe('SettingsPage cards', () => {
  afterEach(verifyNoOpenRequests);

  describe('Sync jobs', () => {
    it('shows each job with its schedule in words, next run and last run', async () => {
      const { root } = await openSettings([
        aJobStatus('lists', { lastRun: aRun({ apiCalls: 3 }) }),
        aJobStatus('link-contacts'),
        aJobStatus('activities'),
      ]);

      expect(byTestId<HTMLInputElement>(root, 'job-schedule-lists').value).toBe('30 0 * * *');
      expect(text(root, 'job-schedule-hint-lists')).toBe('every day at 00:30 UTC');
      expect(text(root, 'job-card-lists')).toMatch(/Next run\s*(in|\d)/);
      expect(text(root, 'job-last-run-lists')).toContain('Succeeded');
      expect(text(root, 'job-last-run-lists')).toContain('3 created · 1 updated · 3 API calls');
      expect(text(root, 'job-last-run-link-contacts')).toBe('Never run');
      expect(text(root, 'job-card-activities')).toContain('Engagement activities');
    });

    it('Sync now starts the run, polls it every interval with a progress bar, then shows how it ended', async () => {
      const { root } = await openSettings();

      byTestId<HTMLButtonElement>(root, 'sync-now-link-contacts').click();
      const post = await nextRequest((r) => r.method === 'POST' && r.url === '/api/sync/jobs/link-contacts/run');
      post.flush(
        aRunningRun({
          id: 'run-7',
          job: 'link-contacts',
          status: 'queued',
          startedAt: null,
          progress: { done: 0, total: null, itemsPerSecond: null },
        }),
        {
          status: 201,
          statusText: 'Created',
        },
      );
      await rendered();
      expect(text(root, 'job-state-link-contacts')).toContain('Queued');
      expect(byTestId<HTMLButtonElement>(root, 'sync-now-link-contacts').disabled).toBe(true);

      (await nextRequest(isRunGet('run-7'), 'poll 1')).flush(aRunningRun({ id: 'run-7', job: 'link-contacts' }));
      await rendered();
      expect(text(root, 'job-state-link-contacts')).toContain('Running');
      expect(text(root, 'job-progress-link-contacts')).toBe('123 of 600 · 41/s · less than a minute left');
      expect(byTestId(root, 'job-progress-link-contacts').querySelector('mat-progress-bar')?.getAttribute('aria-valuenow')).toBe('21');

      (await nextRequest(isRunGet('run-7'), 'poll 2')).flush(
        aRun({ id: 'run-7', job: 'link-contacts', counts: { created: 0, updated: 0, linked: 480, skipped: 20, failed: 0 }, apiCalls: 2 }),
      );
      // The run ended: the jobs are asked again (next run, last run).
      const finished = aRun({
        id: 'run-7',
        job: 'link-contacts',
        counts: { created: 0, updated: 0, linked: 480, skipped: 20, failed: 0 },
        apiCalls: 2,
      });
      (await nextRequest((r) => r.url === '/api/sync/jobs', 'GET /api/sync/jobs')).flush(
        (['lists', 'link-contacts', 'activities'] as const).map((job) =>
          aJobStatus(job, job === 'link-contacts' ? { lastRun: finished } : {}),
        ),
      );
      await rendered();

      expect(text(root, 'job-state-link-contacts')).toContain('Succeeded');
      expect(has(root, 'job-progress-link-contacts')).toBe(false);
      expect(text(root, 'job-last-run-link-contacts')).toContain('480 linked · 20 skipped · 2 API calls');
      expect(byTestId<HTMLButtonElement>(root, 'sync-now-link-contacts').disabled).toBe(false);
      httpMock().expectNone(isRunGet('run-7')); // polling stopped
      // The banner was told to look again after the start and after the end.
      expect(answerConnectionChecks()).toBeGreaterThanOrEqual(1);
    });

    it("shows the API's reason when a run cannot start (409)", async () => {
      const { root } = await openSettings();

      byTestId<HTMLButtonElement>(root, 'sync-now-activities').click();
      (await nextRequest((r) => r.method === 'POST' && r.url === '/api/sync/jobs/activities/run')).flush(
        apiError(409, 'Constant Contact needs to be reconnected: the refresh token was revoked. Reconnect in Settings.'),
        { status: 409, statusText: 'Conflict' },
      );
      await rendered();

      // In words with a next step; the API's own sentence stays under Details.
      const error = byTestId(root, 'sync-now-error-activities');
      expect(error.textContent).toContain('Constant Contact needs you to sign in again. Use Reconnect at the top of the page');
      expect(byTestId(error, 'message-details').textContent).toContain('the refresh token was revoked');
      expect(byTestId(root, 'sync-now-error-activities').getAttribute('role')).toBe('alert');
      expect(byTestId<HTMLButtonElement>(root, 'sync-now-activities').disabled).toBe(false);
      expect(answerConnectionChecks()).toBe(1);
    });

    it('follows a run that was already going when the page opened', async () => {
      const { root } = await openSettings([
        aJobStatus('lists', { activeRun: aRunningRun({ id: 'run-3' }), lastRun: aRunningRun({ id: 'run-3' }) }),
        aJobStatus('link-contacts'),
        aJobStatus('activities'),
      ]);
      expect(text(root, 'job-progress-lists')).toBe('123 of 600 · 41/s · less than a minute left');

      (await nextRequest(isRunGet('run-3'))).flush(aRun({ id: 'run-3', status: 'failed', statusReason: 'CC answered 500 three times' }));
      (await nextRequest((r) => r.url === '/api/sync/jobs')).flush([
        aJobStatus('lists', { lastRun: aRun({ id: 'run-3', status: 'failed' }) }),
        aJobStatus('link-contacts'),
        aJobStatus('activities'),
      ]);
      // A lists run ended: the lists the contact-type rules are checked against are read again.
      (await nextRequest((r) => r.url === '/api/sync/lists')).flush([]);
      await rendered();
      answerConnectionChecks();

      expect(text(root, 'job-state-lists')).toContain('Failed');
      expect(text(root, 'job-last-run-lists')).toContain('CC answered 500 three times');
    });
  });

  describe('saving', () => {
    it('PATCHes only the changed field and confirms the save', async () => {
      const { root, stable } = await openSettings();
      const save = byTestId<HTMLButtonElement>(root, 'save-housekeeping');
      expect(save.disabled).toBe(true);
      expect(text(root, 'setting-rate-plan')).toContain('4 requests/s · 10,000/day');

      typeInto(byTestId<HTMLInputElement>(root, 'setting-retention'), '60');
      await stable();
      expect(save.disabled).toBe(false);
      save.click();

      const patch = await nextRequest(isPatch);
      expect(patch.request.body).toEqual({ apiLogRetentionDays: 60 });
      patch.flush(aSettings({ apiLogRetentionDays: 60 }));
      await stable();

      expect(text(root, 'save-state-housekeeping')).toBe('Saved');
      expect(byTestId<HTMLInputElement>(root, 'setting-retention').value).toBe('60');
      expect(save.disabled).toBe(true);
    });

    it('sends a switch and a list name of the pushes card as nested changes', async () => {
      const { root, stable } = await openSettings();
      (byTestId(root, 'setting-type-rules').querySelector('button[role="switch"]') as HTMLButtonElement).click();
      typeInto(byTestId<HTMLInputElement>(root, 'rule-lead'), '  Newsletter ');
      await stable();
      byTestId<HTMLButtonElement>(root, 'save-pushes').click();

      const patch = await nextRequest(isPatch);
      expect(patch.request.body).toEqual({ contactTypeListRules: { enabled: true, lists: { lead: 'Newsletter' } } });
      patch.flush(
        aSettings({ contactTypeListRules: { enabled: true, lists: { customer: 'Customers', supplier: 'Suppliers', lead: 'Newsletter' } } }),
      );
      await stable();
      expect(text(root, 'save-state-pushes')).toBe('Saved');
    });

    it('puts a 400 field error under the schedule it belongs to and saves nothing else', async () => {
      const { root, stable } = await openSettings();
      typeInto(byTestId<HTMLInputElement>(root, 'job-schedule-lists'), '0 2 * * *');
      await stable();
      expect(text(root, 'job-schedule-hint-lists')).toBe('every day at 02:00 UTC');
      byTestId<HTMLButtonElement>(root, 'save-schedules').click();

      const patch = await nextRequest(isPatch);
      expect(patch.request.body).toEqual({ schedules: { lists: '0 2 * * *' } });
      patch.flush(
        apiError(400, 'schedules.lists: must be a cron expression', [
          { field: 'schedules.lists', message: 'must be a cron expression such as "30 0 * * *" (minute hour day month weekday, UTC)' },
        ]),
        { status: 400, statusText: 'Bad Request' },
      );
      await stable();

      expect(text(root, 'job-schedule-lists-error')).toBe(
        'Schedule must be a cron expression such as "30 0 * * *" (minute hour day month weekday, UTC)',
      );
      expect(byTestId<HTMLInputElement>(root, 'job-schedule-lists').getAttribute('aria-invalid')).toBe('true');
      expect(text(root, 'save-state-schedules')).toBe('Not saved');
      expect(has(root, 'form-error-schedules')).toBe(false);
    });

    it('does not send an out-of-range retention', async () => {
      const { root, stable } = await openSettings();
      typeInto(byTestId<HTMLInputElement>(root, 'setting-retention'), '0');
      await stable();
      byTestId<HTMLButtonElement>(root, 'save-housekeeping').click();
      await stable();

      httpMock().expectNone(isPatch);
      expect(text(root, 'setting-retention-error')).toBe('Retention must be at least 1.');
    });
  });

  describe('checks as the user types', () => {
    it('refuses a schedule that is not one, and shows the next runs of one that is', async () => {
      const { root, stable } = await openSettings();
      expect(text(root, 'job-next-runs-lists')).toMatch(/^Next runs \(your time\): \w{3} \w{3} \d+, \d\d:\d\d · /);

      typeInto(byTestId<HTMLInputElement>(root, 'job-schedule-lists'), '0 25 * * *');
      await stable();
      expect(text(root, 'job-schedule-lists-error')).toContain('Not a schedule: write five fields, minute hour day month weekday');
      expect(has(root, 'job-next-runs-lists')).toBe(false);
      byTestId<HTMLButtonElement>(root, 'save-schedules').click();
      await stable();
      httpMock().expectNone(isPatch);
    });

    it("warns when a schedule would use more than a quarter of the day's API quota", async () => {
      const { root, stable } = await openSettings([
        aJobStatus('lists', { lastRun: aRun({ apiCalls: 3 }) }),
        aJobStatus('link-contacts'),
        aJobStatus('activities'),
      ]);
      expect(has(root, 'job-schedule-cost-lists')).toBe(false);

      typeInto(byTestId<HTMLInputElement>(root, 'job-schedule-lists'), '* * * * *');
      await stable();
      expect(text(root, 'job-schedule-cost-lists')).toBe(
        'About 1,440 runs a day × ≈ 3 calls = ≈ 4,320 calls, 43% of the daily quota of 10,000. ' +
          'Opt-outs and the other jobs share that quota: choose a less frequent schedule.',
      );
    });

    it('completes contact-type list names from the synced lists and refuses a name CC has no list for', async () => {
      const { root, stable } = await openSettings();
      (byTestId(root, 'setting-type-rules').querySelector('button[role="switch"]') as HTMLButtonElement).click();
      const lead = byTestId<HTMLInputElement>(root, 'rule-lead');
      typeInto(lead, 'Lead');
      lead.dispatchEvent(new Event('focusin'));
      await stable();
      const options = Array.from(document.querySelectorAll('mat-option')).map((o) => o.textContent?.trim());
      expect(options).toEqual(['Leads']);
      expect(text(root, 'rule-lead-error')).toBe(
        'Constant Contact has no list called "Lead". Pick one of the synced lists, or create the ' +
          'list in Constant Contact and sync the lists first.',
      );
      byTestId<HTMLButtonElement>(root, 'save-pushes').click();
      await stable();
      httpMock().expectNone(isPatch);
    });

    it('leaves list names alone while the rules are off', async () => {
      const { root, stable } = await openSettings();
      typeInto(byTestId<HTMLInputElement>(root, 'rule-lead'), 'Prospects');
      await stable();
      expect(has(root, 'rule-lead-error')).toBe(false);
    });
  });

  describe('connection-aware', () => {
    it('disables Sync now and says why while Constant Contact is not connected', async () => {
      TestBed.configureTestingModule({ providers: provideTestApp([{ path: 'settings', component: SettingsPage }]) });
      const harness = await RouterTestingHarness.create();
      void harness.navigateByUrl('/settings');
      (await nextRequest(isConnection)).flush(aDisconnectedConnection());
      await answerSettingsCards();
      await harness.fixture.whenStable();
      const root = harness.fixture.nativeElement as HTMLElement;

      for (const job of ['lists', 'link-contacts', 'activities']) {
        expect(byTestId<HTMLButtonElement>(root, `sync-now-${job}`).disabled).toBe(true);
        expect(text(root, `sync-now-blocked-${job}`)).toBe('Constant Contact is not connected: connect it first.');
      }
    });

    it('titles every card with a heading', async () => {
      const { root } = await openSettings();
      const headings = Array.from(root.querySelectorAll('h2')).map((h) => h.textContent?.trim());
      expect(headings).toEqual(['Constant Contact connection', 'Sync jobs', 'Pushes to Constant Contact', 'Housekeeping']);
    });
  });
});
