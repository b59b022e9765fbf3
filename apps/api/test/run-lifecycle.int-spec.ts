import type { SyncRunDto, SyncRunRecordDto } from '@ctct/shared-types';
import { sql } from '../src/common/sql';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { CtctClient } from '../src/modules/ctct/ctct.client';
import { RunsService } from '../src/modules/runs/runs.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

const CONTACTS = 1_100; // three add_list_memberships requests of ≤500
// CC fails fast here: 2 attempts per call, a run paused for an outage retries after 5 s, then 10 s, then fails.
const ENV = {
  CTCT_RATE_PER_SECOND: '20',
  CTCT_RATE_PER_DAY: '250000',
  CTCT_MAX_ATTEMPTS: '2',
  CTCT_RETRY_BASE_MS: '5',
  SYNC_POLL_MS: '100',
  SYNC_LEASE_SECONDS: '5',
  RUN_OUTAGE_RETRY_SECONDS: '5',
  RUN_OUTAGE_MAX_PAUSES: '2',
};

describe('run lifecycle: resume, retry, cancel, outcomes as the run goes (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  let replica: TestApp;
  const emails = Array.from({ length: CONTACTS }, (_, i) => `member${i}@lifecycle.example`);
  let lists: string[];

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.loadScenario({
      seed: 14,
      contacts: 1_500,
      lists: 2,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails: emails,
      matchRatio: 1,
      unsubscribedRate: 0,
      deletedRate: 0,
    });
    t = await startTestApp({ ...cc.apiEnv, ...ENV });
    replica = await startTestApp({ ...cc.apiEnv, ...ENV }, { database: t.database });
    // Names differ between this file's CRM and CC contacts: the 1,100 name pushes convergence would queue after the link
    // run would call CC (and take its slots) while these tests count calls and wait for runs; they are field-pushes.int-spec's.
    await t.app.get(SettingsService).set('push.fieldPushes', false);
    await connect();
    await insertCrmContacts(t, emails);
    for (const job of ['lists', 'link-contacts'] as const) {
      const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
      expect((await waitForRun(t, run.id)).status).toBe('succeeded');
    }
    // An empty list for each test that needs one, mirrored by the lists job (the wizard picks mirrored lists).
    const client = t.app.get(CtctClient);
    lists = [];
    for (const name of ['Lifecycle A', 'Lifecycle B', 'Lifecycle C']) {
      lists.push((await client.call('createList', { body: { name } })).list_id);
    }
    const { run } = await t.app.get(RunsService).requestRun('lists', 'manual');
    expect((await waitForRun(t, run.id)).status).toBe('succeeded');
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    await t?.close();
    await cc?.running.close();
  });
  afterEach(async () => {
    cc.sandbox.control.clearFaults();
    // A test that failed half-way leaves no run behind to block the next one (one active or paused run per job).
    const left: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM sync_runs WHERE status IN ('queued', 'running', 'paused')`,
    );
    for (const run of left)
      await t.app
        .get(RunsService)
        .cancel(run.id, null)
        .catch(() => undefined);
    for (const run of left) await waitForRun(t, run.id, 30_000, ['cancelled', 'succeeded', 'failed']);
  });

  async function connect(): Promise<void> {
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
  }

  async function records(runId: string): Promise<SyncRunRecordDto[]> {
    const agent = await t.signedIn();
    const all: SyncRunRecordDto[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: SyncRunRecordDto[]; nextCursor: string | null } = (
        await agent
          .get(`/api/sync/runs/${runId}/records`)
          .query({ limit: 500, ...(cursor ? { cursor } : {}) })
          .expect(200)
      ).body;
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  function ctctIdsOf(list: SyncRunRecordDto[], outcome: string): string[] {
    return list
      .filter((record) => record.outcome === outcome)
      .map((record) => record.ctctId!)
      .sort();
  }

  const everyone = (listId: string) => ({ selection: { filter: {} }, target: { listId } });

  it('answers a bulk request with other parameters with 409 naming the paused run, and resumes it for the same request', async () => {
    const agent = await t.signedIn();
    const [listId] = lists;
    // CC takes the first 500 additions, then stops answering.
    cc.sandbox.control.setFaults({ operations: ['postListAddContact'], errorRate: 1, errorStatus: 503, afterRequests: 1 });
    const started = (await agent.post('/api/bulk-memberships/runs').send(everyone(listId)).expect(201)).body as SyncRunDto;
    const paused = await waitForRun(t, started.id, 60_000, ['paused', 'failed', 'succeeded']);
    expect(paused).toMatchObject({ status: 'paused', pauseCause: 'outage', actions: ['resume', 'cancel'] });
    expect(paused.statusReason).toMatch(/not answering.*tries again at/);
    // As if CC's outage goes on: the run stays paused while we ask (caught within its 5 s wait).
    await waitFor(async () => {
      const held = await sql.affected(
        t.dataSource,
        `UPDATE sync_runs SET resume_after = now() + interval '1 hour' WHERE id = $1 AND status = 'paused'`,
        [started.id],
      );
      return held === 1;
    }, 10_000);

    // While paused, the run shows exactly what reached CC: the first 500, sent and not yet confirmed.
    const members = cc.sandbox.control.listMembers(listId).sort();
    expect(members).toHaveLength(500);
    expect(ctctIdsOf(await records(started.id), 'sent')).toEqual(members);

    // A request for another list and one contact must not be answered with the old run (nor do the old work).
    cc.sandbox.control.resetStats();
    const [{ id: oneContact }] = await t.dataSource.query(`SELECT id FROM contacts ORDER BY email LIMIT 1`);
    const other = { selection: { contactIds: [oneContact] }, target: { newListName: 'Other' } };
    const refused = await agent.post('/api/bulk-memberships/runs').send(other).expect(409);
    expect(refused.body.message).toContain(started.id);
    expect(refused.body.run).toEqual({ id: started.id, job: 'bulk-memberships', status: 'paused', actions: ['resume', 'cancel'] });
    expect(cc.sandbox.control.stats().total).toBe(0);
    expect(cc.sandbox.control.getLists().some((list) => list.name === 'Other')).toBe(false);
    expect((await agent.get(`/api/sync/runs/${started.id}`).expect(200)).body.status).toBe('paused');

    // The same request carries on with the paused run, from where it stopped.
    cc.sandbox.control.clearFaults();
    const resumed = await agent.post('/api/bulk-memberships/runs').send(everyone(listId)).expect(201);
    expect(resumed.body.id).toBe(started.id);
    const finished = await waitForRun(t, started.id);
    expect(finished).toMatchObject({ status: 'succeeded', actions: [] });
    expect(cc.sandbox.control.listMembers(listId)).toHaveLength(CONTACTS);
    const outcomes = await records(started.id);
    expect(outcomes.filter((record) => record.outcome === 'sent')).toEqual([]);
    expect(ctctIdsOf(outcomes, 'updated')).toEqual(cc.sandbox.control.listMembers(listId).sort());
    expect(finished.counts).toMatchObject({ updated: CONTACTS, sent: 0, add_linked: CONTACTS });
  });

  it('a bulk run that fails half-way shows the records of the contacts already in CC; Retry finishes it from there', async () => {
    const agent = await t.signedIn();
    const listId = lists[1];
    cc.sandbox.control.setFaults({ operations: ['postListAddContact'], errorRate: 1, errorStatus: 500, afterRequests: 1 });
    const started = (await agent.post('/api/bulk-memberships/runs').send(everyone(listId)).expect(201)).body as SyncRunDto;
    const failed = await waitForRun(t, started.id, 60_000, ['failed', 'succeeded']);
    expect(failed).toMatchObject({ status: 'failed', actions: ['retry'] });
    expect(failed.statusReason).toMatch(/kept failing/);

    const members = cc.sandbox.control.listMembers(listId).sort();
    expect(members).toHaveLength(500);
    const kept = await records(started.id);
    expect(ctctIdsOf(kept, 'sent')).toEqual(members);
    expect(kept.every((record) => record.outcome === 'sent')).toBe(true);
    expect(failed.counts).toMatchObject({ sent: 500, updated: 0, failed: 0 });

    cc.sandbox.control.clearFaults();
    cc.sandbox.control.resetStats();
    const retried = await agent.post(`/api/sync/runs/${started.id}/retry`).expect(200);
    expect(retried.body.status).toBe('queued');
    const finished = await waitForRun(t, started.id);
    expect(finished.status).toBe('succeeded');
    expect(cc.sandbox.control.listMembers(listId)).toHaveLength(CONTACTS);
    // From its checkpoint: only the 600 not sent before went out again.
    expect(cc.sandbox.control.stats().byOperation.postListAddContact).toBe(2);
    expect(ctctIdsOf(await records(started.id), 'updated')).toHaveLength(CONTACTS);
    await agent.post(`/api/sync/runs/${started.id}/retry`).expect(409);
  });

  it('cancels a running bulk run after the call in progress, keeping what reached CC', async () => {
    const agent = await t.signedIn();
    const listId = lists[2];
    cc.sandbox.control.setFaults({ operations: ['postListAddContact'], latencyMs: 1_500 });
    const started = (await agent.post('/api/bulk-memberships/runs').send(everyone(listId)).expect(201)).body as SyncRunDto;
    await waitFor(async () => (await records(started.id)).some((record) => record.outcome === 'sent'));
    const asked = await agent.post(`/api/sync/runs/${started.id}/cancel`).expect(200);
    expect(asked.body).toMatchObject({ status: 'running', cancelRequested: true, actions: [] });
    const cancelled = await waitForRun(t, started.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', actions: [] });

    const members = cc.sandbox.control.listMembers(listId).sort();
    expect(members.length).toBeGreaterThanOrEqual(500);
    expect(members.length).toBeLessThan(CONTACTS);
    expect(ctctIdsOf(await records(started.id), 'sent')).toEqual(members);
    // It stays cancelled: no worker picks it up again, and Cancel or Retry of an ended run is refused.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(cc.sandbox.control.listMembers(listId)).toHaveLength(members.length);
    await agent.post(`/api/sync/runs/${started.id}/cancel`).expect(409);
    await agent.post(`/api/sync/runs/${started.id}/retry`).expect(409);
    const listed = (await agent.get('/api/sync/runs').query({ status: 'cancelled' }).expect(200)).body.items;
    expect(listed.map((run: SyncRunDto) => run.id)).toContain(started.id);
  });

  it('retries a run CC stops answering by itself, waiting longer each time, on one replica of two', async () => {
    cc.sandbox.control.setFaults({ operations: ['getLists'], errorRate: 1, errorStatus: 503 });
    cc.sandbox.control.resetStats();
    const { run } = await t.app.get(RunsService).requestRun('lists', 'manual');
    const waitSeconds = async () => {
      const [row] = await t.dataSource.query(
        `SELECT extract(epoch FROM resume_after - paused_at)::float8 AS wait FROM sync_runs WHERE id = $1`,
        [run.id],
      );
      return Math.round(row.wait);
    };
    const first = await waitForRun(t, run.id, 30_000, ['paused']);
    expect(first.pauseCause).toBe('outage');
    expect(first.resumeAfter).not.toBeNull();
    expect(await waitSeconds()).toBe(5);
    // Claimed again once its wait is over (by either replica), it meets CC still down and waits twice as long.
    await waitFor(async () => (await waitForRun(t, run.id, 20_000, ['paused'])).attempts === 2, 20_000);
    const second = await waitForRun(t, run.id, 10_000, ['paused']);
    expect(await waitSeconds()).toBe(10);
    expect(second.statusReason).toMatch(/retry 2 of 2/);
    cc.sandbox.control.clearFaults();
    const finished = await waitForRun(replica, run.id, 30_000, ['succeeded', 'failed']);
    expect(finished).toMatchObject({ status: 'succeeded', attempts: 3 });
    // Each try was made once, whichever replica made it: 2 failed attempts twice, then the page.
    expect(cc.sandbox.control.stats().byOperation.getLists).toBe(5);
  });

  it('resumes a run paused for the connection once reconnected, unless it was cancelled', async () => {
    const agent = await t.signedIn();
    cc.sandbox.control.revokeAllTokens();
    const { run } = await t.app.get(RunsService).requestRun('lists', 'manual');
    expect((await waitForRun(t, run.id)).pauseCause).toBe('connection');
    // Resume while the cause is still there is refused, saying why.
    await connectionLostAgain();
    const early = await agent.post(`/api/sync/runs/${run.id}/resume`).expect(409);
    expect(early.body.message).toMatch(/reconnected/);
    await connect();
    expect(await waitForRun(t, run.id, 30_000, ['succeeded', 'failed'])).toMatchObject({ status: 'succeeded', attempts: 2 });

    cc.sandbox.control.revokeAllTokens();
    const second = await t.app.get(RunsService).requestRun('lists', 'manual');
    expect((await waitForRun(t, second.run.id)).status).toBe('paused');
    const cancelled = await agent.post(`/api/sync/runs/${second.run.id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', actions: [] });
    await connect();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await agent.get(`/api/sync/runs/${second.run.id}`).expect(200)).body.status).toBe('cancelled');
  });

  /** The connection is still marked as needing a reconnect (the pause itself marked it so). */
  async function connectionLostAgain(): Promise<void> {
    const [row] = await t.dataSource.query(`SELECT status FROM ctct_connection WHERE id = 1`);
    expect(row.status).toBe('needs_reconnect');
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
