import { randomUUID } from 'node:crypto';
import { DEMO_CLIENT } from '@ctct/sandbox';
import type { CtctBudgetUsageDto } from '@ctct/shared-types';
import { runWithCorrelation } from '../src/common/correlation';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { CtctQuotaExceededError } from '../src/modules/ctct/ctct-errors';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctClient } from '../src/modules/ctct/ctct.client';
import { RunsRepository } from '../src/modules/runs/runs.repository';
import { RunsService } from '../src/modules/runs/runs.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the shared CC budget: pushes first, their reserve, CC's midnight, the token endpoint (real app, sandbox, PostgreSQL)", () => {
  let cc: TestSandbox;
  let t: TestApp;
  let client: CtctClient;
  const emails = Array.from({ length: 20 }, (_, i) => `budget${i}@reserve.example`);
  // CC's real plan: 4 requests a second, 10,000 a day.
  const env = () => ({
    ...cc.apiEnv,
    CTCT_RATE_PER_SECOND: '4',
    CTCT_RATE_PER_DAY: '10000',
    PUSH_POLL_MS: '100',
    SYNC_POLL_MS: '100',
    CTCT_RETRY_BASE_MS: '20',
  });

  beforeAll(async () => {
    cc = await startTestSandbox();
    // 2,000 CC contacts: a full link is 4 pages.
    const everyoneSubscribed = { matchEmails: emails, matchRatio: 1, unsubscribedRate: 0, deletedRate: 0 };
    cc.sandbox.control.loadScenario({ seed: 41, contacts: 2_000, lists: 2, campaigns: 0, ...everyoneSubscribed });
    t = await startTestApp(env());
    client = t.app.get(CtctClient);
    // Names differ between this file's CRM and CC contacts: the name pushes convergence would queue after the link run
    // would take push slots (and show as these contacts' latest pushes); they are field-pushes.int-spec's.
    await t.app.get(SettingsService).set('push.fieldPushes', false);
    await insertCrmContacts(t, emails);
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    const { run } = await t.app.get(RunsService).requestRun('link-contacts', 'manual');
    expect((await waitForRun(t, run.id)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });
  beforeEach(async () => {
    cc.sandbox.control.setClockOffsetMs(0);
    cc.sandbox.control.setRateLimit({ perSecond: 4, perDay: 10_000 });
    cc.sandbox.control.resetStats();
    await t.dataSource.query(
      `UPDATE ctct_rate_budget SET used_today = 0, quota_exhausted_until = NULL, next_slot_at = now(), token_next_at = now()`,
    );
    // Earlier calls are yesterday's; runs keep theirs (a run's calls are its forecast for the next run).
    await t.dataSource.query(`DELETE FROM api_call_log WHERE job_run_id IS NULL`);
    await t.dataSource.query(`UPDATE api_call_log SET created_at = created_at - interval '1 day'`);
  });

  async function contactByEmail(email: string): Promise<{ id: string; ctct_contact_id: string }> {
    const [row] = await t.dataSource.query(`SELECT id, ctct_contact_id FROM contacts WHERE email = $1`, [email]);
    return row;
  }

  /** Do Not Email on in the CRM, as an admin does it; resolves with the push once it is delivered (or failed). */
  async function optOut(email: string): Promise<{ status: string; outcome: string | null; deliveredMs: number }> {
    const contact = await contactByEmail(email);
    const agent = await t.signedIn();
    const started = Date.now();
    await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    for (;;) {
      const [latest] = (await agent.get(`/api/contacts/${contact.id}/pushes`).expect(200)).body;
      if (latest && ['delivered', 'failed'].includes(latest.status)) return { ...latest, deliveredMs: Date.now() - started };
      if (Date.now() - started > 60_000) throw new Error(`push still ${latest?.status}`);
      await sleep(50);
    }
  }

  async function runRow(runId: string) {
    return (await t.app.get(RunsRepository).get(runId))!;
  }

  it('gives opt-outs the next request slots while a run has 40 calls waiting for the budget', async () => {
    const runId = randomUUID();
    // A run saturating the budget: 40 calls wanting slots at once (10 s of CC's 4 requests a second).
    const runCall = () => runWithCorrelation({ jobRunId: runId }, () => client.call('getAccountById'));
    const runCalls = Promise.all(Array.from({ length: 40 }, runCall));
    await sleep(500);
    const pushes = [];
    for (const email of emails.slice(0, 3)) pushes.push(await optOut(email));
    expect(pushes.map((push) => push.outcome)).toEqual(Array(3).fill('unsubscribed in Constant Contact'));
    // Each opt-out is two calls; behind the run's queue it would wait ~10 s for the first one.
    expect(Math.max(...pushes.map((push) => push.deliveredMs))).toBeLessThan(3_000);
    await runCalls;

    const calls: Array<{ operation: string; budget_lane: string; status: number }> = await t.dataSource.query(
      `SELECT operation, budget_lane, status FROM api_call_log WHERE created_at > now() - interval '1 hour' ORDER BY created_at, id`,
    );
    // The run's last calls went after the opt-outs: they waited, the opt-outs did not.
    const lastPush = calls.map((call) => call.budget_lane).lastIndexOf('opt-out');
    expect(calls.slice(lastPush + 1).filter((call) => call.budget_lane === 'run').length).toBeGreaterThan(20);
    const answered = calls.filter((call) => call.budget_lane === 'opt-out' && call.status === 200);
    expect(answered.map((call) => call.operation)).toEqual(Array(3).fill(['getContact', 'putContact']).flat());
    // However the slots were shared out, no second carried more than CC's 4 (a loaded machine may still see a 429
    // when a request is late on the wire: it is retried like any other).
    expect(cc.sandbox.control.stats().maxInAnySecond).toBeLessThanOrEqual(4);
  });

  it('pauses a job at its share of the day, refuses new runs saying why, and still delivers opt-outs from the reserve', async () => {
    const agent = await t.signedIn();
    const refused = await agent.patch('/api/settings').send({ pushReservePercent: 95 }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'pushReservePercent' })]);
    expect((await agent.patch('/api/settings').send({ pushReservePercent: 20 }).expect(200)).body.pushReservePercent).toBe(20);
    try {
      // Earlier today jobs used all but 2 calls of their share (80% of 10,000).
      await t.dataSource.query(`UPDATE ctct_rate_budget SET used_today = 7998, day = (now() AT TIME ZONE 'utc')::date`);
      // The last full link is a month old: this run is a full pass, 4 pages.
      await t.dataSource.query(`UPDATE sync_runs SET started_at = started_at - interval '30 days' WHERE job = 'link-contacts'`);
      const started = await agent.post('/api/sync/jobs/link-contacts/run').expect(201);
      const paused = await waitForRun(t, started.body.id);
      expect(paused.status).toBe('paused');
      expect(paused.apiCalls).toBe(2);
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      const resumeAfter = (await runRow(paused.id)).resume_after!;
      const resumesAt = resumeAfter.toISOString();
      expect(paused.statusReason).toBe(`paused: today's share of the Constant Contact quota is used; resumes at ${resumesAt}`);
      expect(resumeAfter.getTime() - midnight.getTime()).toBeGreaterThanOrEqual(1_000);
      expect(resumeAfter.getTime() - midnight.getTime()).toBeLessThan(2_100);
      expect(paused.notes).toEqual([
        expect.stringMatching(
          new RegExp(
            "^About 4 Constant Contact calls \\(as many as its last run\\), but only 2 are left of today's share for jobs and bulk runs " +
              '\\(20% is kept for pushes\\): it will pause when the share is used and resume at ',
          ),
        ),
        expect.stringMatching(/^Jobs and bulk runs have used their share of today's Constant Contact quota \(8,000 of 8,000 calls\)/),
      ]);

      // Pushes draw on the reserve.
      expect(await optOut(emails[10])).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });

      const lists = await agent.post('/api/sync/jobs/lists/run').expect(409);
      expect(lists.body.message).toMatch(
        /^Today's share of the Constant Contact quota for jobs and bulk runs is used \(20% is kept for pushes\); runs can start/,
      );

      // The bulk wizard's preview compares its cost with what runs may still use, and says what will happen.
      const bulk = { selection: { filter: {} }, target: { newListName: 'Reserve test' } };
      const preview = (await agent.post('/api/bulk-memberships/preview').send(bulk).expect(200)).body;
      expect(preview.apiCalls).toMatchObject({ remainingToday: 0, fitsToday: false });
      expect(preview.apiCalls.note).toMatch(
        /^Nothing is left of today's share of the Constant Contact quota for jobs and bulk runs: it will pause at once/,
      );

      const usage: CtctBudgetUsageDto = (await agent.get('/api/ctct/budget').expect(200)).body;
      expect(usage.budget).toMatchObject({ usedToday: 8002, runsRemainingToday: 0, pushReservePercent: 20, remainingToday: 1998 });
      expect(usage.byKind).toEqual([
        { kind: 'opt-out', calls: 2 },
        { kind: 'run', calls: 2 },
      ]);
      expect(usage.byJob).toEqual([{ job: 'link-contacts', calls: 2 }]);
    } finally {
      await agent.patch('/api/settings').send({ pushReservePercent: 10 }).expect(200);
    }
  });

  it("stops at CC's midnight, not ours: a quota_exceeded seconds before it pauses a run until then, then the run resumes", async () => {
    // CC's clock is 6 s before its midnight; ours is wherever it is (in general hours away from our own midnight).
    const today = new Date().toISOString().slice(0, 10);
    cc.sandbox.control.setNow(`${today}T23:59:54.000Z`);
    cc.sandbox.control.setRateLimit({ perSecond: 4, perDay: 1 });
    await client.call('getAccountById'); // CC's last call of the day (and a Date header to read its clock from)

    const { run } = await t.app.get(RunsService).requestRun('lists', 'manual');
    const paused = await waitForRun(t, run.id);
    expect(paused.status).toBe('paused');
    const resumeAfter = (await runRow(paused.id)).resume_after!;
    // CC's midnight (≈ 6 s away) at the latest it can be by its whole-second Date headers, plus a second.
    expect(resumeAfter.getTime() - Date.now()).toBeGreaterThan(3_000);
    expect(resumeAfter.getTime() - Date.now()).toBeLessThan(9_000);
    expect(paused.statusReason).toBe(
      `The Constant Contact daily request quota is used up; work resumes at ${resumeAfter.toISOString()} (Constant Contact's midnight).`,
    );
    const [stop] = await t.dataSource.query(`SELECT decision FROM api_call_log WHERE job_run_id = $1`, [run.id]);
    expect(stop.decision).toMatch(
      /^stop calls for \d\.\d s: HTTP 429 quota_exceeded: the daily quota is used up until Constant Contact's midnight/,
    );
    // Until then nobody calls, and a new run is refused with the real time.
    await expect(client.call('getAccountById')).rejects.toBeInstanceOf(CtctQuotaExceededError);
    await expect(t.app.get(RunsService).requestRun('link-contacts', 'manual')).rejects.toThrow(
      `runs can start again at ${resumeAfter.toISOString()} (Constant Contact's midnight)`,
    );

    const deadline = Date.now() + 20_000;
    let row = await runRow(paused.id);
    while (row.status !== 'succeeded' && Date.now() < deadline) {
      await sleep(200);
      row = await runRow(paused.id);
    }
    expect(row.status).toBe('succeeded');
    expect(row.attempts).toBe(2);
    expect(cc.sandbox.control.stats().quotaExceeded).toBe(1);
  });

  describe('the token endpoint', () => {
    it('is called at most once a second across two replicas, however many refreshes fall due', async () => {
      const replica = await startTestApp(env(), { database: t.database });
      try {
        const clients = [client, replica.app.get(CtctClient)];
        for (let round = 0; round < 3; round++) {
          await t.dataSource.query(`UPDATE ctct_connection SET access_token_expires_at = now()`);
          await Promise.all(clients.map((each) => each.call('getAccountById')));
        }
        expect(cc.sandbox.control.stats().token).toEqual({ requests: 3, throttled: 0 });
        const refreshes: Array<{ at: Date }> = await t.dataSource.query(
          `SELECT created_at AS at FROM api_call_log WHERE operation = 'oauth.token.refresh_token' ORDER BY created_at`,
        );
        expect(refreshes).toHaveLength(3);
        for (let i = 1; i < refreshes.length; i++) {
          // Logged when answered; each was sent at least 1.1 s after the one before.
          expect(refreshes[i].at.getTime() - refreshes[i - 1].at.getTime()).toBeGreaterThanOrEqual(1_000);
        }
      } finally {
        await replica.close();
      }
    });

    it("waits out the token endpoint's 429 and retries; the connection stays connected", async () => {
      // Another server of this CC application used the token endpoint's second just now.
      const basic = Buffer.from(`${DEMO_CLIENT.clientId}:${DEMO_CLIENT.clientSecret}`).toString('base64');
      const other = await fetch(`${cc.running.url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'someone-elses' }),
      });
      expect(other.status).toBe(400);
      await t.dataSource.query(`UPDATE ctct_connection SET access_token_expires_at = now()`);

      const account = await client.call('getAccountById');
      expect(account.organization_name).toBeTruthy();
      const agent = await t.signedIn();
      expect((await agent.get('/api/ctct/connection').expect(200)).body.state).toBe('connected');
      const attempts: Array<{ status: number; decision: string }> = await t.dataSource.query(
        `SELECT status, decision FROM api_call_log WHERE operation = 'oauth.token.refresh_token' ORDER BY id`,
      );
      expect(attempts.map((row) => row.status)).toEqual([429, 200]);
      expect(attempts[0].decision).toMatch(/^retry in 1\.\d s: HTTP 429 throttled \(1 of 10 allowed\)$/);
      expect(attempts[1].decision).toBe('done: HTTP 200');
      expect(cc.sandbox.control.stats().token).toEqual({ requests: 3, throttled: 1 });
    });
  });
});
