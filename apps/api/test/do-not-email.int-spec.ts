import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { insertContactsNamedLikeCc, pushesOf, runJob, v3, waitForOutboxIdle, waitForPush } from './support/consent-helpers';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * Do Not Email holds whatever CC does (issue 12): one state machine — on → opt-out queued → delivered; once CC
 * says unsubscribed only CC's re-subscribe email turns it off; a revived or re-created CC contact is unsubscribed
 * again by the next link run; turning it off while the opt-out is on its way waits for CC and answers truthfully.
 */
describe('Do Not Email state machine (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let database: TestDatabase;
  let t: TestApp;
  const emails = Array.from({ length: 12 }, (_, i) => `dne${i}@consent.example`);
  const ids: string[] = [];
  let listId: string;
  const env = () => ({
    ...cc.apiEnv,
    CTCT_RATE_PER_SECOND: '50',
    CTCT_RATE_PER_DAY: '250000',
    CTCT_RETRY_BASE_MS: '10',
    CTCT_MAX_ATTEMPTS: '2',
    PUSH_POLL_MS: '100',
    SYNC_POLL_MS: '100',
  });

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: false });
    cc.sandbox.control.loadScenario({
      seed: 41,
      contacts: 100,
      lists: 2,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails: emails,
      matchRatio: 1,
      unsubscribedRate: 0,
      deletedRate: 0,
    });
    listId = cc.sandbox.control.getLists()[0].list_id;
    database = await createTestDatabase();
    t = await startTestApp(env(), { database });
    ids.push(...(await insertContactsNamedLikeCc(t, cc, emails)));
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    await runJob(t, 'lists');
    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    await cc?.running.close();
  });

  async function crm(contactId: string): Promise<{ do_not_email: boolean; ctct_contact_id: string | null }> {
    const [row] = await t.dataSource.query(`SELECT do_not_email, ctct_contact_id FROM contacts WHERE id = $1`, [contactId]);
    return row;
  }

  async function dneState(contactId: string): Promise<{ state: string; message: string; mayTurnOff: boolean }> {
    const agent = await t.signedIn();
    return (await agent.get(`/api/contacts/${contactId}/do-not-email`).expect(200)).body;
  }

  it('unsubscribes again within one link run a contact deleted in CC under Do Not Email, then revived by a sign-up form', async () => {
    const { ctct_contact_id: ctctId } = await crm(ids[0]);
    expect((await v3(cc, 'DELETE', `/contacts/${ctctId}`)).status).toBe(204);
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${ids[0]}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(t, ids[0], 'opt_out')).toMatchObject({
      status: 'delivered',
      outcome: 'deleted in Constant Contact: nothing to opt out',
    });

    // The person fills in a sign-up form: CC revives the contact, mailable (explicit).
    const revived = await v3(cc, 'POST', '/contacts/sign_up_form', { email_address: emails[0], list_memberships: [listId] });
    expect(revived.body).toMatchObject({ contact_id: ctctId, action: 'updated' });
    expect(cc.sandbox.control.getContact(ctctId!)!.email_address.permission_to_send).toBe('explicit');

    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
    const after = cc.sandbox.control.getContact(ctctId!)!;
    expect(after.deleted_at).toBeUndefined();
    expect(after.email_address).toMatchObject({ permission_to_send: 'unsubscribed', opt_out_source: 'Account' });
    expect((await crm(ids[0])).do_not_email).toBe(true);
    expect(await dneState(ids[0])).toMatchObject({ state: 'unsubscribed', mayTurnOff: false });
  });

  it('follows a re-creation in CC under a new id: the new contact is opted out, the flag holds, re-subscribe targets it', async () => {
    const { ctct_contact_id: oldId } = await crm(ids[1]);
    expect((await v3(cc, 'DELETE', `/contacts/${oldId}`)).status).toBe(204);
    cc.sandbox.control.purgeContact(oldId!);
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${ids[1]}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(t, ids[1], 'opt_out')).toMatchObject({ status: 'delivered' });

    // Someone adds the address to CC again: a new contact, mailable.
    const created = await v3(cc, 'POST', '/contacts', {
      email_address: { address: emails[1], permission_to_send: 'implicit' },
      create_source: 'Account',
    });
    expect(created.status).toBe(201);
    const newId = created.body?.contact_id as string;
    expect(newId).not.toBe(oldId);

    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
    expect(cc.sandbox.control.getContact(newId)!.email_address.permission_to_send).toBe('unsubscribed');

    const refused = await agent.patch(`/api/contacts/${ids[1]}`).send({ doNotEmail: false }).expect(409);
    expect(refused.body.message).toMatch(/re-subscribe email/);
    expect((await crm(ids[1])).do_not_email).toBe(true);
    await agent
      .post(`/api/contacts/${ids[1]}/ctct/resubscribe`)
      .send({ listIds: [listId] })
      .expect(202);
    // CC sent its confirmation to the new contact (only then can the person's click be simulated).
    expect(() => cc.sandbox.control.confirmResubscribe(newId)).not.toThrow();
  });

  it('waits for a slow CC to answer the opt-out it has in hand, then refuses turning it off; the next link run flips nothing', async () => {
    const { ctct_contact_id: ctctId } = await crm(ids[2]);
    cc.sandbox.control.resetStats();
    cc.sandbox.control.setFaults({ latencyMs: 1_500, operations: ['putContact'] });
    try {
      const agent = await t.signedIn();
      await agent.patch(`/api/contacts/${ids[2]}`).send({ doNotEmail: true }).expect(200);
      // Wait until CC has the PUT in hand (counted on arrival, answered 1.5 s later).
      const deadline = Date.now() + 10_000;
      while (!cc.sandbox.control.stats().byOperation.putContact) {
        if (Date.now() > deadline) throw new Error('the opt-out PUT never reached the sandbox');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const off = await agent.patch(`/api/contacts/${ids[2]}`).send({ doNotEmail: false });
      expect(off.status).toBe(409);
      expect(off.body.message).toMatch(/unsubscribed them in Constant Contact.*re-subscribe email/);
    } finally {
      cc.sandbox.control.clearFaults();
    }
    expect(cc.sandbox.control.getContact(ctctId!)!.email_address.permission_to_send).toBe('unsubscribed');
    expect((await crm(ids[2])).do_not_email).toBe(true);

    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
    expect((await crm(ids[2])).do_not_email).toBe(true);
    const flips = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM sync_run_records WHERE crm_contact_id = $1 AND reason LIKE 'opted out in Constant Contact%'`,
      [ids[2]],
    );
    expect(flips[0].count).toBe(0);
  });

  it('cancels a queued opt-out when Do Not Email is turned off before delivery', async () => {
    const { ctct_contact_id: ctctId } = await crm(ids[3]);
    cc.sandbox.control.setFaults({ errorRate: 1, errorStatus: 503, operations: ['getContact'] });
    try {
      const agent = await t.signedIn();
      await agent.patch(`/api/contacts/${ids[3]}`).send({ doNotEmail: true }).expect(200);
      const deadline = Date.now() + 10_000;
      // Tried once, CC answered 503: the opt-out waits for its retry, queued.
      while (!(await pushesOf(t, ids[3], 'opt_out'))[0]?.last_error) {
        if (Date.now() > deadline) throw new Error('the opt-out was never tried');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await dneState(ids[3])).toMatchObject({ state: 'opt_out_queued', mayTurnOff: true });
      await agent.patch(`/api/contacts/${ids[3]}`).send({ doNotEmail: false }).expect(200);
    } finally {
      cc.sandbox.control.clearFaults();
    }
    expect(await pushesOf(t, ids[3], 'opt_out')).toEqual([expect.objectContaining({ status: 'superseded' })]);
    expect(cc.sandbox.control.getContact(ctctId!)!.email_address.permission_to_send).not.toBe('unsubscribed');
    expect(await dneState(ids[3])).toMatchObject({ state: 'may_email', mayTurnOff: true });
  });

  it("turns Do Not Email off once the person confirms CC's re-subscribe email, and does not unsubscribe them again", async () => {
    const { ctct_contact_id: ctctId } = await crm(ids[4]);
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${ids[4]}`).send({ doNotEmail: true }).expect(200);
    expect(await waitForPush(t, ids[4], 'opt_out')).toMatchObject({ status: 'delivered', outcome: 'unsubscribed in Constant Contact' });
    await agent
      .post(`/api/contacts/${ids[4]}/ctct/resubscribe`)
      .send({ listIds: [listId] })
      .expect(202);
    expect(await dneState(ids[4])).toMatchObject({
      state: 'resubscribe_requested',
      mayTurnOff: false,
      message: expect.stringMatching(/re-subscribe email/),
    });

    cc.sandbox.control.confirmResubscribe(ctctId!);
    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
    expect((await crm(ids[4])).do_not_email).toBe(false);
    expect(cc.sandbox.control.getContact(ctctId!)!.email_address.permission_to_send).toBe('explicit');
    expect(await dneState(ids[4])).toMatchObject({ state: 'may_email' });
  });
});
