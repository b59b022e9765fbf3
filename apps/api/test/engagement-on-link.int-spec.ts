import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { RunsService } from '../src/modules/runs/runs.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Engagement CC recorded for a contact before the CRM contact was linked to it must show on the CRM contact
 * once linked, whichever path made the link: the link job, the bulk wizard, or a push.
 */
describe('engagement imported before a contact is linked (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  const emails = ['early.bulk@engaged.example', 'early.push@engaged.example', 'early.sync@engaged.example'];
  let linkedBySync: string;

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: { perSecond: 20, perDay: 250_000 } });
    cc.sandbox.control.loadScenario({
      seed: 44,
      contacts: 60,
      lists: 2,
      campaigns: 1,
      recipientsPerCampaign: 20,
      extraCampaignKinds: false,
      matchEmails: emails,
      matchRatio: 1,
      unsubscribedRate: 0,
      deletedRate: 0,
      engagement: { optout: 0, bounce: 0 },
    });
    t = await startTestApp({
      ...cc.apiEnv,
      CTCT_RATE_PER_SECOND: '20',
      CTCT_RATE_PER_DAY: '250000',
      SYNC_POLL_MS: '100',
      PUSH_POLL_MS: '100',
    });
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
    // Each of our people opened the campaign in CC.
    const activityId = cc.sandbox.control.listCampaigns().find((campaign) => campaign.trackedByReports)!.primaryActivityId!;
    for (const email of emails) {
      const contactId = cc.sandbox.control.findContactByEmail(email)!.contact_id;
      cc.sandbox.control.addEngagement({ campaignActivityId: activityId, contactId, type: 'em_sends' });
      cc.sandbox.control.addEngagement({ campaignActivityId: activityId, contactId, type: 'em_opens' });
    }
    // The engagement is imported while the CRM has none of them: it is kept against the CC contact ids only.
    await runJob('lists');
    await runJob('activities');
    // Then the CRM gets one of them, and the link job (which also fills the mirror the bulk wizard reads) links it.
    linkedBySync = (await insertCrmContacts(t, [emails[2]]))[0];
    await runJob('link-contacts');
  });
  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });

  async function runJob(job: 'lists' | 'link-contacts' | 'activities'): Promise<void> {
    const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
    expect((await waitForRun(t, run.id)).status).toBe('succeeded');
  }

  /** The kinds of Interaction on the contact's record (the scenario may add more of its own, e.g. clicks). */
  async function timelineOf(contactId: string): Promise<string[]> {
    const agent = await t.signedIn();
    const items: Array<{ type: string }> = (await agent.get(`/api/contacts/${contactId}/interactions`).expect(200)).body.items;
    return [...new Set(items.map((item) => item.type))];
  }

  const SENT_AND_OPENED = expect.arrayContaining(['email_send', 'email_open']);

  async function linkedCtctId(contactId: string): Promise<string | null> {
    const agent = await t.signedIn();
    return (await agent.get(`/api/contacts/${contactId}`).expect(200)).body.ctctContactId;
  }

  async function waitForDeliveredPush(contactId: string): Promise<{ status: string; outcome: string | null }> {
    const agent = await t.signedIn();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [latest] = (await agent.get(`/api/contacts/${contactId}/pushes`).expect(200)).body;
      if (latest && ['delivered', 'failed'].includes(latest.status)) return latest;
      if (Date.now() > deadline) throw new Error(`push still ${latest?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('shows the earlier engagement on a contact the bulk wizard linked by email', async () => {
    const [crmId] = await insertCrmContacts(t, [emails[0]]);
    expect(await timelineOf(crmId)).toEqual([]);
    const agent = await t.signedIn();
    const request = { selection: { contactIds: [crmId] }, target: { newListName: 'Early birds' } };
    const started = await agent.post('/api/bulk-memberships/runs').send(request).expect(201);
    const run = await waitForRun(t, started.body.id);
    expect(run.status).toBe('succeeded');
    expect(run.counts.link_and_add).toBe(1);
    expect(await linkedCtctId(crmId)).toBe(cc.sandbox.control.findContactByEmail(emails[0])!.contact_id);
    expect(await timelineOf(crmId)).toEqual(SENT_AND_OPENED);
  });

  it('shows the earlier engagement on a contact a push linked by email', async () => {
    const [crmId] = await insertCrmContacts(t, [emails[1]]);
    const agent = await t.signedIn();
    const listId = cc.sandbox.control.getLists().find((list) => !list.deleted_at)!.list_id;
    await agent.post(`/api/contacts/${crmId}/lists`).send({ listId }).expect(201);
    expect((await waitForDeliveredPush(crmId)).status).toBe('delivered');
    expect(await linkedCtctId(crmId)).toBe(cc.sandbox.control.findContactByEmail(emails[1])!.contact_id);
    expect(await timelineOf(crmId)).toEqual(SENT_AND_OPENED);
  });

  it('shows the earlier engagement on a contact the link job linked', async () => {
    expect(await linkedCtctId(linkedBySync)).toBe(cc.sandbox.control.findContactByEmail(emails[2])!.contact_id);
    expect(await timelineOf(linkedBySync)).toEqual(SENT_AND_OPENED);
  });

  it('keeps the engagement when a contact is deleted outright, and shows it again on the contact that takes the address', async () => {
    const ctctId = await linkedCtctId(linkedBySync);
    const kept = async () =>
      (await t.dataSource.query(
        `SELECT count(*)::int AS n, count(contact_id)::int AS attached FROM interactions WHERE ctct_contact_id = $1`,
        [ctctId],
      )) as Array<{ n: number; attached: number }>;
    const [before] = await kept();
    expect(before.attached).toBe(before.n);
    // Not something the product does (it deletes softly); a database clean-up may.
    await t.dataSource.query(`DELETE FROM contacts WHERE id = $1`, [linkedBySync]);
    expect(await kept()).toEqual([{ n: before.n, attached: 0 }]);
    const [again] = await insertCrmContacts(t, [emails[2]]);
    await runJob('link-contacts');
    expect(await linkedCtctId(again)).toBe(ctctId);
    expect(await timelineOf(again)).toEqual(SENT_AND_OPENED);
  });
});
