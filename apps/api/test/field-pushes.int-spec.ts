import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { insertContactsNamedLikeCc, pushesOf, runJob, v3, waitForOutboxIdle, waitForPush } from './support/consent-helpers';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase, TestDatabase } from './support/test-database';

/** Name and email edits of linked CRM contacts reaching CC (issue 12: field pushes and their convergence). */
describe('field pushes: CRM name and email edits reach Constant Contact (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let database: TestDatabase;
  let t: TestApp;
  const emails = Array.from({ length: 12 }, (_, i) => `field${i}@pushes.example`);
  const ids: string[] = [];
  // A wide coalescing window, so that five edits sent one after another on a busy machine land in one push.
  const env = () => ({
    ...cc.apiEnv,
    CTCT_RATE_PER_SECOND: '50',
    CTCT_RATE_PER_DAY: '250000',
    CTCT_RETRY_BASE_MS: '10',
    CTCT_MAX_ATTEMPTS: '2',
    PUSH_POLL_MS: '100',
    SYNC_POLL_MS: '100',
    PUSH_COALESCE_MS: '3000',
  });

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: false });
    cc.sandbox.control.loadScenario({
      seed: 31,
      contacts: 100,
      lists: 2,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails: emails,
      matchRatio: 1,
      unsubscribedRate: 0,
      deletedRate: 0,
    });
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

  async function ctctIdOf(contactId: string): Promise<string> {
    const [row] = await t.dataSource.query(`SELECT ctct_contact_id FROM contacts WHERE id = $1`, [contactId]);
    if (!row?.ctct_contact_id) throw new Error(`contact ${contactId} is not linked`);
    return row.ctct_contact_id;
  }

  it('delivers five quick edits as one GET and one PUT with the latest name and email, leaving everything else as it was', async () => {
    const ctctId = await ctctIdOf(ids[0]);
    const before = cc.sandbox.control.getContact(ctctId)!;
    cc.sandbox.control.resetStats();
    const agent = await t.signedIn();
    const edits = [
      { firstName: 'Ann' },
      { lastName: 'Lee' },
      { firstName: 'Anna' },
      { email: 'Anna.Lee@New.Example' },
      { firstName: 'Annabel', lastName: 'Leigh' },
    ];
    for (const edit of edits) await agent.patch(`/api/contacts/${ids[0]}`).send(edit).expect(200);

    expect(await waitForPush(t, ids[0], 'update')).toMatchObject({ status: 'delivered' });
    const after = cc.sandbox.control.getContact(ctctId)!;
    expect({ first: after.first_name, last: after.last_name, address: after.email_address.address.toLowerCase() }).toEqual({
      first: 'Annabel',
      last: 'Leigh',
      address: 'anna.lee@new.example',
    });
    // Read-before-PUT: every other core field, the lists and the permission are as they were.
    expect({
      job: after.job_title,
      company: after.company_name,
      lists: after.list_memberships,
      permission: after.email_address.permission_to_send,
    }).toEqual({
      job: before.job_title,
      company: before.company_name,
      lists: before.list_memberships,
      permission: before.email_address.permission_to_send,
    });
    await waitForOutboxIdle(t);
    const stats = cc.sandbox.control.stats();
    expect({ get: stats.byOperation.getContact, put: stats.byOperation.putContact }).toEqual({ get: 1, put: 1 });
    expect(await pushesOf(t, ids[0], 'update')).toHaveLength(1);
  });

  it('fails an email change to an address another CC contact holds, says why on the record, and changes nothing in CC', async () => {
    const ctctId = await ctctIdOf(ids[1]);
    const otherId = await ctctIdOf(ids[2]);
    const before = cc.sandbox.control.getContact(ctctId)!;
    const other = cc.sandbox.control.getContact(otherId)!;
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${ids[1]}`).send({ email: emails[2].toUpperCase(), firstName: 'Renamed' }).expect(200);

    const push = await waitForPush(t, ids[1], 'update');
    expect(push.status).toBe('failed');
    expect(push.lastError).toMatch(new RegExp(`another Constant Contact contact already has ${emails[2]}.*nothing was changed`, 'i'));
    expect(cc.sandbox.control.getContact(ctctId)).toEqual(before);
    expect(cc.sandbox.control.getContact(otherId)).toEqual(other);

    // Not retried by every link run while neither side changes: the failure stands until someone fixes the address.
    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
    expect(await pushesOf(t, ids[1], 'update')).toHaveLength(1);
  });

  it('never PUTs a contact deleted in CC (that would revive it), and says so', async () => {
    const ctctId = await ctctIdOf(ids[3]);
    expect((await v3(cc, 'DELETE', `/contacts/${ctctId}`)).status).toBe(204);
    cc.sandbox.control.resetStats();
    const agent = await t.signedIn();
    await agent.patch(`/api/contacts/${ids[3]}`).send({ lastName: 'Elsewhere' }).expect(200);
    expect(await waitForPush(t, ids[3], 'update')).toMatchObject({
      status: 'delivered',
      outcome: expect.stringMatching(/deleted in Constant Contact/),
    });
    expect(cc.sandbox.control.getContact(ctctId)!.deleted_at).toBeTruthy();
    expect(cc.sandbox.control.stats().byOperation.putContact ?? 0).toBe(0);
  });

  it('keeps edits in the CRM while field pushes are off in Settings, and sends them at the next link run once on again', async () => {
    const ctctId = await ctctIdOf(ids[4]);
    const before = cc.sandbox.control.getContact(ctctId)!;
    const agent = await t.signedIn();
    expect((await agent.patch('/api/settings').send({ fieldPushes: false }).expect(200)).body.fieldPushes).toBe(false);
    try {
      await agent.patch(`/api/contacts/${ids[4]}`).send({ firstName: 'Quiet' }).expect(200);
      await runJob(t, 'link-contacts');
      await waitForOutboxIdle(t);
      expect(await pushesOf(t, ids[4], 'update')).toEqual([]);
      expect(cc.sandbox.control.getContact(ctctId)!.first_name).toBe(before.first_name);
    } finally {
      await agent.patch('/api/settings').send({ fieldPushes: true }).expect(200);
    }
    await runJob(t, 'link-contacts');
    await waitForOutboxIdle(t);
    expect(cc.sandbox.control.getContact(ctctId)!.first_name).toBe('Quiet');
    const refused = await agent.patch('/api/settings').send({ fieldPushes: 'yes' }).expect(400);
    expect(refused.body.fields).toEqual([{ field: 'fieldPushes', message: 'must be true or false' }]);
  });

  it('puts back a name changed in CC after the next link run, with no calls beyond the fixing GET and PUT', async () => {
    const ctctId = await ctctIdOf(ids[5]);
    const [crm] = await t.dataSource.query(`SELECT first_name FROM contacts WHERE id = $1`, [ids[5]]);
    const inCc = cc.sandbox.control.getContact(ctctId)!;
    const changed = await v3(cc, 'PUT', `/contacts/${ctctId}`, {
      update_source: 'Contact',
      email_address: { address: inCc.email_address.address },
      first_name: 'ChangedInCc',
      last_name: inCc.last_name,
    });
    expect(changed.status).toBe(200);
    await waitForOutboxIdle(t);
    const [{ since }] = await t.dataSource.query(`SELECT coalesce(max(id), 0)::int AS since FROM api_call_log`);

    await runJob(t, 'link-contacts');
    expect(await waitForPush(t, ids[5], 'update')).toMatchObject({ status: 'delivered' });
    await waitForOutboxIdle(t);
    expect(cc.sandbox.control.getContact(ctctId)!.first_name).toBe(crm.first_name);
    const calls: Array<{ operation: string }> = await t.dataSource.query(`SELECT operation FROM api_call_log WHERE id > $1 ORDER BY id`, [
      since,
    ]);
    expect(calls.map((call) => call.operation)).toEqual(['getContacts', 'getContact', 'putContact']);
  });
});
