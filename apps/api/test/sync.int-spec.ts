import type { SyncRunDto } from '@ctct/shared-types';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { SettingsService } from '../src/modules/settings/settings.service';
import { startTestSandbox, TestSandbox } from './support/sandbox';
import { insertCrmContacts, waitForRun } from './support/sync-helpers';
import { startTestApp, TestApp } from './support/test-app';

const FAST = { perSecond: 20, perDay: 250_000 };

describe('scheduled sync jobs (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  const crmEmails = Array.from({ length: 400 }, (_, i) => `member${i}@linking.example`);

  beforeAll(async () => {
    cc = await startTestSandbox({ rateLimit: FAST });
    t = await startTestApp({
      ...cc.apiEnv,
      CTCT_RATE_PER_SECOND: '20',
      CTCT_RATE_PER_DAY: '250000',
      SYNC_POLL_MS: '100',
      CTCT_RETRY_BASE_MS: '20',
    });
    // Names differ between this file's CRM and CC contacts: the field pushes convergence would queue are field-pushes.int-spec's.
    await t.app.get(SettingsService).set('push.fieldPushes', false);
  });
  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });

  async function connect() {
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(cc.sandbox.control.issueTokens()), null);
  }

  async function syncNow(job: string): Promise<SyncRunDto> {
    const agent = await t.signedIn();
    const response = await agent.post(`/api/sync/jobs/${job}/run`);
    expect([200, 201]).toContain(response.status);
    return waitForRun(t, response.body.id);
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [{ count: value }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM ${sql}`, params);
    return value;
  }

  describe('when Constant Contact is not connected', () => {
    it('does not start a run and says why', async () => {
      const agent = await t.signedIn();
      const response = await agent.post('/api/sync/jobs/lists/run').expect(409);
      expect(response.body.message).toMatch(/not connected/);
      expect(await count('sync_runs')).toBe(0);
    });
  });

  describe('with a connected account', () => {
    beforeAll(async () => {
      cc.sandbox.control.loadScenario({
        seed: 11,
        contacts: 1_200,
        lists: 4,
        campaigns: 3,
        recipientsPerCampaign: 250,
        matchEmails: crmEmails,
        matchRatio: 0.75,
      });
      // The CRM has these people with untidy emails, some twice, some without an email.
      const untidy = crmEmails.map((email, i) =>
        i % 3 === 0 ? `  ${email.toUpperCase()} ` : i % 3 === 1 ? email.replace('member', 'Member') : email,
      );
      await insertCrmContacts(t, [...untidy, crmEmails[5], crmEmails[7], null, null]);
      await connect();
    });

    it('mirrors the CC lists, and marks a list deleted in CC as deleted without dropping it', async () => {
      const run = await syncNow('lists');
      expect(run.status).toBe('succeeded');
      const lists = cc.sandbox.control.getLists().filter((list) => !list.deleted_at);
      expect(run.counts.created).toBe(lists.length);
      expect(run.apiCalls).toBe(1);

      const victim = lists[0];
      const token = cc.sandbox.control.issueTokens().access_token;
      const deleted = await fetch(`${cc.running.url}/v3/contact_lists/${victim.list_id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(deleted.status).toBe(202);
      cc.sandbox.control.settleActivities();
      await syncNow('lists');
      const [row] = await t.dataSource.query(`SELECT deleted_in_ctct_at FROM ctct_lists WHERE list_id = $1`, [victim.list_id]);
      expect(row.deleted_in_ctct_at).toBeInstanceOf(Date);
      const agent = await t.signedIn();
      const picker = (await agent.get('/api/sync/lists').expect(200)).body;
      expect(picker.map((list: { listId: string }) => list.listId)).not.toContain(victim.list_id);
    });

    it('links contacts whose emails differ only in case and spaces, reports duplicates, and creates no CRM contact', async () => {
      const contactsBefore = await count('contacts');
      const run = await syncNow('link-contacts');
      expect(run.status).toBe('succeeded');
      expect(run.mode).toBe('full');
      expect(await count('contacts')).toBe(contactsBefore);

      // CC contacts deleted in CC are not linked; unsubscribed ones are (the link carries their opt-out).
      const inCc = crmEmails.filter((email) => {
        const contact = cc.sandbox.control.findContactByEmail(email);
        return contact && !contact.deleted_at;
      });
      const duplicated = [crmEmails[5], crmEmails[7]].filter((email) => inCc.includes(email));
      const expectedLinks = inCc.length - duplicated.length;
      expect(run.counts.linked).toBe(expectedLinks);
      expect(await count('contacts WHERE ctct_contact_id IS NOT NULL')).toBe(expectedLinks);

      // Every link points at the CC contact with that email.
      const links: Array<{ email: string; ctct_contact_id: string }> = await t.dataSource.query(
        `SELECT email, ctct_contact_id FROM contacts WHERE ctct_contact_id IS NOT NULL`,
      );
      for (const link of links)
        expect(cc.sandbox.control.findContactByEmail(link.email.trim().toLowerCase())?.contact_id).toBe(link.ctct_contact_id);

      const agent = await t.signedIn();
      // Two CRM contacts with one email: neither is linked, both need review (one record each).
      const review = (await agent.get(`/api/sync/runs/${run.id}/records`).query({ outcome: 'needs_review' }).expect(200)).body.items;
      expect(review.filter((record: { reason: string }) => /2 CRM contacts share this email/.test(record.reason))).toHaveLength(
        duplicated.length * 2,
      );
      expect(run.counts.needs_review).toBe(duplicated.length * 2);
      const csv = await agent.get(`/api/sync/runs/${run.id}/records.csv`).expect(200);
      expect(csv.text.split('\n')[0]).toBe('outcome,reason,crmContactId,ctctId,label,createdAt');
      // 500 contacts a call: the fewest calls the API allows for this account's contacts (deleted ones included).
      expect(run.apiCalls).toBe(Math.ceil(run.progress.total! / 500));
    });

    it('fetches only changes after the first full run', async () => {
      cc.sandbox.control.resetStats();
      const run = await syncNow('link-contacts');
      expect(run.status).toBe('succeeded');
      expect(run.mode).toBe('incremental');
      expect(run.apiCalls).toBe(1);
      expect(run.counts.linked).toBe(0);
    });

    it('imports engagement as Interactions once, however often it runs, and names campaigns the API does not report', async () => {
      const first = await syncNow('activities');
      expect(first.status).toBe('succeeded');
      expect(first.counts.created).toBeGreaterThan(500);
      expect(first.notes.join(' ')).toMatch(/Not reported by the Constant Contact API.*A\/B/i);
      const interactions = await count('interactions');
      expect(await count('interactions WHERE source_run_id = $1', [first.id])).toBe(first.counts.created);
      expect(await count('interactions WHERE contact_id IS NOT NULL')).toBeGreaterThan(0);

      const second = await syncNow('activities');
      expect(second.status).toBe('succeeded');
      expect(second.counts.created).toBe(0);
      expect(await count('interactions')).toBe(interactions);
      expect(second.apiCalls).toBeLessThan(first.apiCalls);

      const [linked] = await t.dataSource.query(
        `SELECT contact_id FROM interactions WHERE contact_id IS NOT NULL AND type = 'email_send' LIMIT 1`,
      );
      const agent = await t.signedIn();
      const timeline = (await agent.get(`/api/contacts/${linked.contact_id}/interactions`).expect(200)).body;
      const send = timeline.items.find((item: { type: string }) => item.type === 'email_send');
      expect(send).toMatchObject({
        description: expect.stringMatching(/^Sent "/),
        campaignName: expect.any(String),
        campaignActivityId: expect.any(String),
      });
      const summary = (await agent.get(`/api/contacts/${linked.contact_id}/engagement`).expect(200)).body;
      expect(summary.sends).toBeGreaterThan(0);
    });

    it("shows per-campaign engagement that matches CC's own counts, over time", async () => {
      const agent = await t.signedIn();
      const campaigns = (await agent.get('/api/campaigns').expect(200)).body as Array<{
        campaignId: string;
        tracked: boolean;
        ctctUniqueCounts: Record<string, number>;
        imported: Record<string, number>;
      }>;
      const tracked = campaigns.filter((campaign) => campaign.tracked);
      expect(tracked.length).toBeGreaterThan(0);
      expect(campaigns.some((campaign) => !campaign.tracked)).toBe(true);
      for (const campaign of tracked) {
        expect(campaign.imported.sends).toBe(campaign.ctctUniqueCounts.sends);
        expect(campaign.imported.bounces).toBe(campaign.ctctUniqueCounts.bounces);
      }
      const timeline = (await agent.get(`/api/campaigns/${tracked[0].campaignId}/timeline`).query({ bucket: 'day' }).expect(200)).body;
      expect(timeline.points.reduce((sum: number, point: { opens: number }) => sum + point.opens, 0)).toBe(tracked[0].imported.opens);
    });

    it('reschedules a job from Settings, and refuses a bad schedule naming the field without writing anything', async () => {
      const agent = await t.signedIn();
      const refused = await agent
        .patch('/api/settings')
        .send({ schedules: { lists: 'every night' }, apiLogRetentionDays: 10 })
        .expect(400);
      expect(refused.body.fields.map((field: { field: string }) => field.field)).toEqual(['schedules.lists']);
      expect((await agent.get('/api/settings').expect(200)).body.apiLogRetentionDays).toBe(30);
      const saved = await agent
        .patch('/api/settings')
        .send({ schedules: { lists: '15 4 * * *' } })
        .expect(200);
      expect(saved.body.schedules).toEqual({ lists: '15 4 * * *', 'link-contacts': '0 1 * * *', activities: '0 2 * * *' });
      const lists = (await agent.get('/api/sync/jobs').expect(200)).body.find((job: { job: string }) => job.job === 'lists');
      expect(lists.schedule).toBe('15 4 * * *');
      expect(new Date(lists.nextRunAt).getUTCHours()).toBe(4);
      expect(new Date(lists.nextRunAt).getUTCMinutes()).toBe(15);
    });

    it('turns an opt-out in CC into an Interaction and sets Do Not Email', async () => {
      const [target] = await t.dataSource.query(
        `SELECT c.id, c.ctct_contact_id FROM contacts c JOIN interactions i ON i.contact_id = c.id AND i.type = 'email_send'
          WHERE NOT c.do_not_email GROUP BY c.id LIMIT 1`,
      );
      const [send] = await t.dataSource.query(
        `SELECT campaign_activity_id FROM interactions WHERE contact_id = $1 AND type = 'email_send' LIMIT 1`,
        [target.id],
      );
      cc.sandbox.control.addEngagement({
        campaignActivityId: send.campaign_activity_id,
        contactId: target.ctct_contact_id,
        type: 'em_optouts',
        optOutReason: 'I no longer want to receive these emails',
      });
      const run = await syncNow('activities');
      expect(run.counts.optOuts).toBe(1);
      const [contact] = await t.dataSource.query(`SELECT do_not_email FROM contacts WHERE id = $1`, [target.id]);
      expect(contact.do_not_email).toBe(true);
      const agent = await t.signedIn();
      const timeline = (await agent.get(`/api/contacts/${target.id}/interactions`).expect(200)).body.items;
      expect(timeline.find((item: { type: string }) => item.type === 'email_optout')).toMatchObject({
        optOutReason: 'I no longer want to receive these emails',
      });
      // The link job sees the unsubscribed status too, and does not record the same opt-out twice.
      await syncNow('link-contacts');
      const status = (await agent.get(`/api/contacts/${target.id}/ctct`).expect(200)).body;
      expect(status).toMatchObject({
        linked: true,
        permissionToSend: 'unsubscribed',
        optOut: { source: 'Contact', reason: 'I no longer want to receive these emails' },
      });
      expect(await count(`interactions WHERE contact_id = $1 AND type = 'email_optout'`, [target.id])).toBe(1);
    });

    it('answers a second Sync now with the run already in progress', async () => {
      cc.sandbox.control.setFaults({ latencyMs: 300, operations: ['getContacts'] });
      const agent = await t.signedIn();
      await t.dataSource.query(`UPDATE sync_runs SET mode = 'incremental' WHERE false`);
      const first = await agent.post('/api/sync/jobs/link-contacts/run').expect(201);
      const second = await agent.post('/api/sync/jobs/link-contacts/run').expect(200);
      expect(second.body.id).toBe(first.body.id);
      await waitForRun(t, first.body.id);
      cc.sandbox.control.clearFaults();
    });

    it('pauses runs when the connection is revoked, and refuses new ones saying why', async () => {
      cc.sandbox.control.revokeAllTokens();
      const agent = await t.signedIn();
      const started = await agent.post('/api/sync/jobs/lists/run').expect(201);
      const run = await waitForRun(t, started.body.id);
      expect(run.status).toBe('paused');
      expect(run.statusReason).toMatch(/re-authorised/);
      const refused = await agent.post('/api/sync/jobs/lists/run').expect(409);
      expect(refused.body.message).toMatch(/reconnected/);
      const jobs = (await agent.get('/api/sync/jobs').expect(200)).body;
      expect(jobs.map((job: { job: string }) => job.job)).toEqual(['lists', 'link-contacts', 'activities']);
      // Reconnecting resumes the paused run by itself, from its checkpoint; nobody has to ask again.
      await connect();
      const resumed = await waitForRun(t, started.body.id, 60_000, ['succeeded', 'failed']);
      expect(resumed).toMatchObject({ status: 'succeeded', attempts: 2 });
    });
  });
});
