import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { PushDeliveryService } from '../src/modules/push/push-delivery.service';
import { RunsService } from '../src/modules/runs/runs.service';
import { insertContactsNamedLikeCc } from './support/consent-helpers';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('pushes to Constant Contact through the outbox (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let database: TestDatabase;
  let t: TestApp;
  const emails = Array.from({ length: 60 }, (_, i) => `push${i}@outbox.example`);
  const env = () => ({
    ...cc.apiEnv,
    CTCT_RATE_PER_SECOND: '20',
    CTCT_RATE_PER_DAY: '250000',
    CTCT_RETRY_BASE_MS: '10',
    CTCT_MAX_ATTEMPTS: '2',
    PUSH_POLL_MS: '100',
    SYNC_POLL_MS: '100',
  });

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.loadScenario({
      seed: 21,
      contacts: 200,
      lists: 3,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails: emails.slice(0, 40),
      matchRatio: 1,
      unsubscribedRate: 0,
      deletedRate: 0,
    });
    database = await createTestDatabase();
    t = await startTestApp(env(), { database });
    // Named as in CC: the link run then finds no name drift to push, and these tests see only their own pushes.
    await insertContactsNamedLikeCc(t, cc, emails);
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    for (const job of ['lists', 'link-contacts'] as const) {
      const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
      expect((await waitForRun(t, run.id)).status).toBe('succeeded');
    }
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    await cc?.running.close();
  });

  async function contactByEmail(email: string): Promise<{ id: string; ctct_contact_id: string | null }> {
    const [row] = await t.dataSource.query(`SELECT id, ctct_contact_id FROM contacts WHERE email = $1`, [email]);
    return row;
  }

  async function waitForPush(
    app: TestApp,
    contactId: string,
    timeoutMs = 15_000,
  ): Promise<{ status: string; outcome: string | null; lastError: string | null }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const agent = await app.signedIn();
      const [latest] = (await agent.get(`/api/contacts/${contactId}/pushes`).expect(200)).body;
      if (latest && ['delivered', 'failed'].includes(latest.status)) return latest;
      if (Date.now() > deadline) throw new Error(`push still ${latest?.status}: ${latest?.lastError}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('opts a linked contact out in CC within seconds, reading before writing so nothing else changes', async () => {
    const contact = await contactByEmail(emails[0]);
    const before = cc.sandbox.control.getContact(contact.ctct_contact_id!)!;
    const agent = await t.signedIn();
    const started = Date.now();
    await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    const push = await waitForPush(t, contact.id);
    expect(push).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const after = cc.sandbox.control.getContact(contact.ctct_contact_id!)!;
    expect(after.email_address).toMatchObject({ permission_to_send: 'unsubscribed', opt_out_source: 'Account' });
    expect({ first: after.first_name, last: after.last_name, job: after.job_title, lists: after.list_memberships }).toEqual({
      first: before.first_name,
      last: before.last_name,
      job: before.job_title,
      lists: before.list_memberships,
    });
    const calls: Array<{ operation: string }> = await t.dataSource.query(
      `SELECT operation FROM api_call_log WHERE operation IN ('getContact', 'putContact') AND user_id IS NOT NULL ORDER BY id`,
    );
    expect(calls.map((call) => call.operation)).toEqual(['getContact', 'putContact']);
  });

  it('does not PUT a contact deleted in CC (it would revive it), and says so', async () => {
    const contact = await contactByEmail(emails[1]);
    const token = cc.sandbox.control.issueTokens().access_token;
    await fetch(`${cc.running.url}/v3/contacts/${contact.ctct_contact_id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
    });
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(t, contact.id)).toMatchObject({
      status: 'delivered',
      outcome: 'deleted in Constant Contact: nothing to opt out',
    });
    expect(cc.sandbox.control.getContact(contact.ctct_contact_id!)!.deleted_at).toBeTruthy();
  });

  it('keeps a committed push across an API crash before delivery, and delivers it on restart', async () => {
    // Its own installation, so that no other worker can deliver the push while the API is "down".
    const ownDatabase = await createTestDatabase();
    try {
      const crashed = await startTestApp({ ...env(), PUSH_WORKER: 'false' }, { database: ownDatabase });
      const [crm] = await insertContactsNamedLikeCc(crashed, cc, [emails[2]]);
      const ctctId = cc.sandbox.control.findContactByEmail(emails[2])!.contact_id;
      await crashed.dataSource.query(`UPDATE contacts SET ctct_contact_id = $2 WHERE id = $1`, [crm, ctctId]);
      await crashed.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
      const agent = await crashed.signedIn();
      await agent.patch(`/api/contacts/${crm}`).send({ doNotEmail: true }).expect(200);
      await crashed.close(); // the API goes away with the push committed but not delivered
      const restarted = await startTestApp(env(), { database: ownDatabase });
      try {
        const [row] = await restarted.dataSource.query(`SELECT count(*)::int AS count FROM ctct_outbox WHERE contact_id = $1`, [crm]);
        expect(row.count).toBe(1);
        expect(await waitForPush(restarted, crm)).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });
        expect(cc.sandbox.control.getContact(ctctId)!.email_address.permission_to_send).toBe('unsubscribed');
      } finally {
        await restarted.close();
      }
    } finally {
      await ownDatabase.drop();
    }
  });

  it('rides out a CC outage and delivers every push exactly once after recovery', async () => {
    const targets = await Promise.all(emails.slice(3, 8).map(contactByEmail));
    cc.sandbox.control.setFaults({ errorRate: 1, errorStatus: 503, operations: ['getContact', 'putContact'] });
    const agent = await t.signedIn();
    for (const contact of targets) await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const during = await t.dataSource.query(`SELECT status, last_error FROM ctct_outbox WHERE contact_id = ANY($1::uuid[])`, [
      targets.map((c) => c.id),
    ]);
    expect(during.every((row: { status: string; last_error: string }) => row.status === 'pending' && /503/.test(row.last_error))).toBe(
      true,
    );

    cc.sandbox.control.clearFaults();
    cc.sandbox.control.resetStats();
    await t.dataSource.query(`UPDATE ctct_outbox SET next_attempt_at = now() WHERE status = 'pending'`);
    await t.app.get(PushDeliveryService).poke();
    for (const contact of targets)
      expect(await waitForPush(t, contact.id)).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });
    expect(cc.sandbox.control.stats().byOperation.putContact).toBe(targets.length);

    // A repeated delivery finds the work done and changes nothing.
    await t.dataSource.query(`UPDATE ctct_outbox SET status = 'pending', next_attempt_at = now() WHERE contact_id = $1`, [targets[0].id]);
    await t.app.get(PushDeliveryService).poke();
    expect(await waitForPush(t, targets[0].id)).toMatchObject({ status: 'delivered', outcome: 'already unsubscribed in Constant Contact' });
    expect(cc.sandbox.control.stats().byOperation.putContact).toBe(targets.length);
  });

  it('never re-subscribes someone CC has unsubscribed: refuses, explains, and offers the CC resubscribe email', async () => {
    const contact = await contactByEmail(emails[0]);
    const agent = await t.signedIn();
    const refused = await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: false }).expect(409);
    expect(refused.body.message).toMatch(/does not let an integration opt anyone back in.*re-subscribe email/);
    expect(refused.body.fields).toEqual([{ field: 'doNotEmail', message: 'cannot be turned off: unsubscribed in Constant Contact' }]);
    const [row] = await t.dataSource.query(`SELECT do_not_email FROM contacts WHERE id = $1`, [contact.id]);
    expect(row.do_not_email).toBe(true);

    const resubscribe = await agent.post(`/api/contacts/${contact.id}/ctct/resubscribe`).send({}).expect(202);
    expect(resubscribe.body.message).toMatch(/re-subscribe confirmation/);
    expect(cc.sandbox.control.getContact(contact.ctct_contact_id!)!.email_address.permission_to_send).toBe('unsubscribed');
  });

  it('creates a contact in CC when the CRM puts it on a list (membership trigger), and stores the CC id', async () => {
    const contact = await contactByEmail(emails[50]); // not in CC
    expect(contact.ctct_contact_id).toBeNull();
    const [list] = await t.dataSource.query(`SELECT list_id FROM ctct_lists WHERE deleted_in_ctct_at IS NULL LIMIT 1`);
    const agent = await t.signedIn();
    const memberships = (await agent.post(`/api/contacts/${contact.id}/lists`).send({ listId: list.list_id }).expect(201)).body;
    expect(memberships.map((membership: { listId: string }) => membership.listId)).toEqual([list.list_id]);
    expect(await waitForPush(t, contact.id)).toMatchObject({
      status: 'delivered',
      outcome: 'created in Constant Contact and added to the list',
    });
    const linked = await contactByEmail(emails[50]);
    const inCc = cc.sandbox.control.findContactByEmail(emails[50])!;
    expect(linked.ctct_contact_id).toBe(inCc.contact_id);
    expect(cc.sandbox.control.listMembers(list.list_id)).toContain(inCc.contact_id);

    // With the trigger off, membership changes stay in the CRM.
    await agent.patch('/api/settings').send({ listMembershipTrigger: false }).expect(200);
    const other = await contactByEmail(emails[51]);
    await agent.post(`/api/contacts/${other.id}/lists`).send({ listId: list.list_id }).expect(201);
    expect((await agent.get(`/api/contacts/${other.id}/pushes`).expect(200)).body).toEqual([]);
    await agent.patch('/api/settings').send({ listMembershipTrigger: true }).expect(200);
  });

  it('puts a new customer on the "Customers" list (the default name) when the contact-type rules are on', async () => {
    const agent = await t.signedIn();
    await agent
      .patch('/api/settings')
      .send({ contactTypeListRules: { enabled: true } })
      .expect(200);
    const created = (
      await agent
        .post('/api/contacts')
        .send({ email: 'new.customer@outbox.example', firstName: 'New', lastName: 'Customer', type: 'customer' })
        .expect(201)
    ).body.contact;
    expect(await waitForPush(t, created.id)).toMatchObject({ status: 'delivered' });
    const list = cc.sandbox.control.getLists().find((candidate) => candidate.name === 'Customers');
    expect(list).toBeTruthy();
    expect(cc.sandbox.control.listMembers(list!.list_id)).toContain(
      cc.sandbox.control.findContactByEmail('new.customer@outbox.example')!.contact_id,
    );
    await agent
      .patch('/api/settings')
      .send({ contactTypeListRules: { enabled: false } })
      .expect(200);
  });
});
