import type { ConsentEventDto, ConsentServiceLevelDto } from '@ctct/shared-types';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { RunsService } from '../src/modules/runs/runs.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * The consent ledger: every consent transition on either side leaves one append-only row naming who or what did
 * it, where it was recorded and the Constant Contact call that carried it.
 */
describe('consent ledger (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let database: TestDatabase;
  let t: TestApp;
  let ccToken: string;
  const emails = Array.from({ length: 30 }, (_, i) => `consent${i}@ledger.example`);
  const env = () => ({
    ...cc.apiEnv,
    CTCT_RATE_PER_SECOND: '20',
    CTCT_RATE_PER_DAY: '250000',
    CTCT_RETRY_BASE_MS: '10',
    CTCT_MAX_ATTEMPTS: '2',
    PUSH_POLL_MS: '100',
    SYNC_POLL_MS: '100',
  });

  async function runJob(app: TestApp, job: 'lists' | 'link-contacts' | 'activities'): Promise<string> {
    const { run } = await app.app.get(RunsService).requestRun(job, 'manual');
    expect((await waitForRun(app, run.id)).status).toBe('succeeded');
    return run.id;
  }

  async function connect(app: TestApp): Promise<void> {
    await app.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
  }

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.loadScenario({
      seed: 12,
      contacts: 80,
      lists: 1,
      campaigns: 1,
      recipientsPerCampaign: 80,
      matchEmails: emails,
      matchRatio: 1,
      unsubscribedRate: 0,
      deletedRate: 0,
      engagement: { optout: 0, bounce: 0 },
      extraCampaignKinds: false,
    });
    ccToken = cc.sandbox.control.issueTokens().access_token;
    database = await createTestDatabase();
    t = await startTestApp(env(), { database });
    await insertCrmContacts(t, [...emails, 'nobody@ledger.example']);
    await connect(t);
    await runJob(t, 'lists');
    await runJob(t, 'link-contacts');
    await runJob(t, 'activities');
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    await cc?.running.close();
  });

  async function contactByEmail(app: TestApp, email: string): Promise<{ id: string; ctct_contact_id: string | null }> {
    const [row] = await app.dataSource.query(`SELECT id, ctct_contact_id FROM contacts WHERE email = $1`, [email]);
    return row;
  }

  async function timeline(app: TestApp, contactId: string): Promise<ConsentEventDto[]> {
    const agent = await app.signedIn();
    return (await agent.get(`/api/contacts/${contactId}/consent`).expect(200)).body.items;
  }

  async function waitForPush(contactId: string, timeoutMs = 15_000): Promise<{ status: string; outcome: string | null }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [latest] = await t.dataSource.query(`SELECT status, outcome FROM ctct_outbox WHERE contact_id = $1 ORDER BY id DESC LIMIT 1`, [
        contactId,
      ]);
      if (latest && ['delivered', 'failed'].includes(latest.status)) return latest;
      if (Date.now() > deadline) throw new Error(`push still ${latest?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function apiCall(id: string | null): Promise<{ operation: string; path: string; job_run_id: string | null } | undefined> {
    if (!id) return undefined;
    const [row] = await t.dataSource.query(`SELECT operation, path, job_run_id FROM api_call_log WHERE id = $1`, [id]);
    return row;
  }

  async function ccRequest(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${cc.running.url}/v3${path}`, {
      method,
      headers: { Authorization: `Bearer ${ccToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  }

  it('records a CRM user turning Do Not Email on, the queued opt-out and its delivery with the PUT that carried it', async () => {
    const contact = await contactByEmail(t, emails[0]);
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(contact.id)).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });

    const events = await timeline(t, contact.id);
    expect(events.map((event) => event.kind)).toEqual(['opt_out_delivered', 'opt_out_queued', 'do_not_email_set']);
    const [delivered, queued, set] = events;
    const [admin] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [TEST_ADMIN.email]);
    expect(set).toMatchObject({
      actorType: 'crm_user',
      actorId: admin.id,
      actorLabel: TEST_ADMIN.email,
      source: 'crm',
      email: emails[0],
      ctctContactId: contact.ctct_contact_id,
      apiCallLogId: null,
    });
    expect(set.requestId).toBeTruthy();
    const [push] = await t.dataSource.query(`SELECT id::text FROM ctct_outbox WHERE contact_id = $1 AND kind = 'opt_out'`, [contact.id]);
    expect(queued).toMatchObject({ actorType: 'crm_user', actorId: admin.id, pushId: push.id, source: 'crm' });
    expect(delivered).toMatchObject({
      actorType: 'integration',
      source: 'push',
      pushId: push.id,
      reason: 'unsubscribed in Constant Contact',
    });
    expect(await apiCall(delivered.apiCallLogId)).toMatchObject({
      operation: 'putContact',
      path: `/v3/contacts/${contact.ctct_contact_id}`,
    });
  });

  it('records an opt-out that had nothing to send as not sent, naming the lookup that found nothing', async () => {
    const contact = await contactByEmail(t, 'nobody@ledger.example');
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(contact.id)).toMatchObject({ status: 'delivered', outcome: 'not in Constant Contact: nothing to opt out' });
    const [notSent] = await timeline(t, contact.id);
    expect(notSent).toMatchObject({ kind: 'opt_out_not_sent', reason: 'not in Constant Contact: nothing to opt out', ctctContactId: null });
    expect(await apiCall(notSent.apiCallLogId)).toMatchObject({ operation: 'getContacts' });
  });

  it('records an opt-out push that failed for good, with the reason', async () => {
    const created = await ccRequest('POST', '/contacts', {
      email_address: { address: 'émile@ledger.example', permission_to_send: 'implicit' },
      create_source: 'Account',
    });
    expect(created.status).toBe(201);
    const agent = await t.signedIn();
    const crmId = (await agent.post('/api/contacts').send({ email: 'ÉMILE@ledger.example', firstName: 'Émile' }).expect(201)).body.contact
      .id;
    await agent.patch(`/api/contacts/${crmId}`).send({ doNotEmail: true }).expect(200);
    expect((await waitForPush(crmId)).status).toBe('failed');
    const [failed] = await timeline(t, crmId);
    expect(failed.kind).toBe('opt_out_failed');
    expect(failed.reason).toMatch(/^needs review: Constant Contact's émile@ledger.example matches the CRM's ÉMILE@ledger.example/);
  });

  it('records an unsubscribe by the person in Constant Contact, imported by the link run that carried it', async () => {
    const contact = await contactByEmail(t, emails[1]);
    const ccContact = cc.sandbox.control.getContact(contact.ctct_contact_id!)!;
    const put = await ccRequest('PUT', `/contacts/${contact.ctct_contact_id}`, {
      email_address: { address: ccContact.email_address.address, permission_to_send: 'unsubscribed', opt_out_reason: 'Moved away' },
      first_name: ccContact.first_name,
      last_name: ccContact.last_name,
      update_source: 'Contact',
    });
    expect(put.status).toBe(200);
    const runId = await runJob(t, 'link-contacts');

    const [imported] = await timeline(t, contact.id);
    expect(imported).toMatchObject({
      kind: 'ctct_opt_out_imported',
      actorType: 'ctct_contact',
      source: 'link-contacts',
      jobRunId: runId,
      ctctContactId: contact.ctct_contact_id,
      occurredAt: new Date(cc.sandbox.control.getContact(contact.ctct_contact_id!)!.email_address.opt_out_date!).toISOString(),
    });
    expect(imported.reason).toContain('Moved away');
    expect(await apiCall(imported.apiCallLogId)).toMatchObject({ operation: 'getContacts', job_run_id: runId });
    const [row] = await t.dataSource.query(`SELECT do_not_email FROM contacts WHERE id = $1`, [contact.id]);
    expect(row.do_not_email).toBe(true);
  });

  it("records an opt-out from a campaign's report, imported by the activities run", async () => {
    const contact = await contactByEmail(t, emails[2]);
    const [campaign] = cc.sandbox.control.listCampaigns();
    const at = '2026-11-02T10:00:00.000Z';
    cc.sandbox.control.addEngagement({
      campaignActivityId: campaign.primaryActivityId!,
      contactId: contact.ctct_contact_id!,
      type: 'em_optouts',
      at,
    });
    const runId = await runJob(t, 'activities');

    const [imported] = await timeline(t, contact.id);
    expect(imported).toMatchObject({
      kind: 'ctct_opt_out_imported',
      actorType: 'ctct_contact',
      source: 'activities',
      jobRunId: runId,
      occurredAt: at,
    });
    expect(await apiCall(imported.apiCallLogId)).toMatchObject({ operation: 'getOptouts', job_run_id: runId });
  });

  it("records the request for Constant Contact's re-subscribe email with the call that asked for it", async () => {
    const contact = await contactByEmail(t, emails[0]); // unsubscribed by the first test
    const agent = await t.signedIn();
    await agent.post(`/api/contacts/${contact.id}/ctct/resubscribe`).send({}).expect(202);
    const [requested] = await timeline(t, contact.id);
    expect(requested).toMatchObject({
      kind: 'resubscribe_requested',
      actorType: 'crm_user',
      actorLabel: TEST_ADMIN.email,
      ctctContactId: contact.ctct_contact_id,
    });
    expect(await apiCall(requested.apiCallLogId)).toMatchObject({ operation: 'resubscribeContact' });
  });

  it('refuses to change or delete a recorded event: the ledger is append-only', async () => {
    const [{ count: before }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM consent_events`);
    expect(before).toBeGreaterThan(0);
    await expect(t.dataSource.query(`UPDATE consent_events SET reason = 'rewritten'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(t.dataSource.query(`DELETE FROM consent_events`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(t.dataSource.query(`TRUNCATE consent_events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const [{ count: after }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM consent_events WHERE reason = 'rewritten'`);
    expect(after).toBe(0);
    const [{ count: kept }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM consent_events`);
    expect(kept).toBe(before);
  });

  it("exports a contact's events and a date range as CSV, oldest first", async () => {
    const contact = await contactByEmail(t, emails[0]);
    const agent = await t.signedIn();
    const perContact = await agent.get(`/api/consent/events.csv?contactId=${contact.id}`).expect(200);
    expect(perContact.headers['content-type']).toMatch(/^text\/csv/);
    expect(perContact.headers['content-disposition']).toContain(`consent-events_${contact.id}.csv`);
    const lines = perContact.text.trim().split('\n');
    expect(lines[0]).toBe(
      'occurredAt,contactId,email,kind,actorType,actorLabel,actorId,source,reason,ctctContactId,pushId,apiCallLogId,jobRunId,' +
        'requestId,recordedAt,id',
    );
    expect(lines.slice(1).map((line) => line.split(',')[3])).toEqual([
      'do_not_email_set',
      'opt_out_queued',
      'opt_out_delivered',
      'resubscribe_requested',
    ]);

    // The activities opt-out happened (per CC) on 2 November 2026: a range around it finds that one event.
    const range = await agent.get('/api/consent/events.csv?from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z').expect(200);
    const rows = range.text.trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('ctct_opt_out_imported');
    expect(rows[0]).toContain((await contactByEmail(t, emails[2])).id);

    const wrongWay = await agent.get('/api/consent/events.csv?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z').expect(400);
    expect(wrongWay.body.fields).toEqual([{ field: 'to', message: 'must be after from' }]);
    const notADate = await agent.get('/api/consent/events?from=yesterday').expect(400);
    expect(notADate.body.fields).toEqual([{ field: 'from', message: 'must be an ISO-8601 date-time' }]);
  });

  it('reports the delivered opt-outs of the last days in the service level', async () => {
    const agent = await t.signedIn();
    const level: ConsentServiceLevelDto = (await agent.get('/api/consent/service-level').expect(200)).body;
    expect(level.recent.delivered).toBeGreaterThanOrEqual(1);
    expect(level.recent.p95Seconds).toBeLessThan(10);
    // The failed push of the folding case: the contact is not linked, so nothing in CC is known to be mailable.
    expect(level).toMatchObject({ queued: 0, unpushed: 0, legalLimitBusinessDays: 10 });
  });

  describe('without a push worker', () => {
    let idle: TestApp;
    let idleDatabase: TestDatabase;

    beforeAll(async () => {
      idleDatabase = await createTestDatabase();
      idle = await startTestApp({ ...env(), PUSH_WORKER: 'false' }, { database: idleDatabase });
      await insertCrmContacts(idle, emails.slice(10, 20));
      await connect(idle);
      await runJob(idle, 'link-contacts');
    });
    afterAll(async () => {
      await idle?.close();
      await idleDatabase?.drop();
    });

    it('records Do Not Email turned off again before delivery, and the opt-out never goes out', async () => {
      const contact = await contactByEmail(idle, emails[10]);
      const agent = await idle.signedIn();
      await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
      await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: false }).expect(200);
      expect((await timeline(idle, contact.id)).map((event) => event.kind)).toEqual([
        'do_not_email_cleared',
        'opt_out_queued',
        'do_not_email_set',
      ]);
      const [push] = await idle.dataSource.query(`SELECT status FROM ctct_outbox WHERE contact_id = $1`, [contact.id]);
      expect(push.status).toBe('superseded');
    });

    it('counts opt-outs not yet in Constant Contact and the age of the oldest', async () => {
      const queued = await contactByEmail(idle, emails[11]);
      const drifted = await contactByEmail(idle, emails[12]);
      const agent = await idle.signedIn();
      await agent.patch(`/api/contacts/${queued.id}`).send({ doNotEmail: true }).expect(200);
      // Do Not Email with nothing queued while CC still has them mailable (e.g. set by an import): unpushed drift.
      await idle.dataSource.query(`UPDATE contacts SET do_not_email = true, updated_at = now() - interval '2 hours' WHERE id = $1`, [
        drifted.id,
      ]);

      const level: ConsentServiceLevelDto = (await agent.get('/api/consent/service-level').expect(200)).body;
      expect(level).toMatchObject({ notReflected: 2, queued: 1, failed: 0, unpushed: 1, status: 'late', targetSeconds: 900 });
      expect(level.oldestAgeSeconds).toBeGreaterThanOrEqual(7_200);
      expect(level.oldestAgeSeconds).toBeLessThan(7_300);
    });
  });
});
