import { collectPages, testSandbox } from './helpers';

// The parts of CC's report rows these tests read.
type CampaignSummary = { campaign_id: string; last_sent_date: string; unique_counts: { sends: number } };
type TrackingRow = { tracking_activity_type: string; campaign_activity_name?: string; url_id?: string; bounce_code?: string };

const scenario = { seed: 'reports', contacts: 3000, lists: 4, campaigns: 3 };

describe('emails and reports', () => {
  const t = testSandbox({ scenario });
  const campaigns = t.sandbox.control.listCampaigns();
  const tracked = campaigns.find((c) => c.trackedByReports && c.type !== 'AB_TEST' && c.name !== 'Draft: next newsletter')!;

  it('lists campaigns (removed and drafts included) and gives their activity ids by role', async () => {
    const list = await t.get('/v3/emails?limit=2');
    expect(list.body.campaigns).toHaveLength(2);
    const all = await collectPages(t, '/v3/emails?limit=2', 'campaigns');
    expect(all.items).toHaveLength(campaigns.length);
    expect(all.items.map((c) => c.current_status)).toEqual(expect.arrayContaining(['Done', 'Draft']));
    expect(all.items.some((c) => c.type === 'AB_TEST' && c.type_code === 57)).toBe(true);
    const one = await t.get(`/v3/emails/${tracked.campaignId}`);
    expect(one.body.campaign_activities.map((a: { role: string }) => a.role)).toEqual(['primary_email', 'permalink']);
    const activity = await t.get(`/v3/emails/activities/${tracked.primaryActivityId}?include=html_content`);
    expect(activity.body).toMatchObject({ campaign_id: tracked.campaignId, role: 'primary_email', contact_list_ids: [expect.any(String)] });
    expect(activity.body.html_content).toContain('<html>');
    expect((await t.get('/v3/emails/nope')).status).toBe(404);
  });

  it('filters campaigns by after_date on updated_at', async () => {
    const future = await t.get('/v3/emails?after_date=2100-01-01T00:00:00Z');
    expect(future.body.campaigns).toEqual([]);
  });

  it('summaries are sorted by last_sent_date and their unique counts match the tracking rows', async () => {
    const res = await t.get('/v3/reports/summary_reports/email_campaign_summaries');
    const summaries = res.body.bulk_email_campaign_summaries;
    const dates = summaries.map((s: CampaignSummary) => Date.parse(s.last_sent_date));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    const summary = summaries.find((s: CampaignSummary) => s.campaign_id === tracked.campaignId);
    const sends = await collectPages(
      t,
      `/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/sends?limit=500`,
      'tracking_activities',
    );
    expect(summary.unique_counts.sends).toBe(sends.items.length);
    const uniqueOpens = await collectPages(
      t,
      `/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/unique_opens`,
      'tracking_activities',
    );
    expect(summary.unique_counts.opens).toBe(uniqueOpens.items.length);
    const optouts = await collectPages(t, `/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/optouts`, 'tracking_activities');
    expect(summary.unique_counts.optouts).toBe(optouts.items.length);
    const didNotOpen = await collectPages(
      t,
      `/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/didnotopens`,
      'tracking_activities',
    );
    expect(summary.unique_counts.not_opened).toBe(didNotOpen.items.length);
  });

  it('tracking pages hold at most 500 rows, newest first, and follow _links.next to the end', async () => {
    const path = `/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/sends`;
    const first = await t.get(path);
    expect(first.body.tracking_activities.length).toBeLessThanOrEqual(500);
    const all = await collectPages(t, `${path}?limit=100`, 'tracking_activities');
    const times = all.items.map((r) => Date.parse(r.created_time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(all.items.map((r) => r.contact_id)).size).toBe(all.items.length);
    expect((await t.get(`${path}?limit=501`)).status).toBe(400);
  });

  it('clicks carry url_id and link_url and filter by url_id; bounces filter by bounce_code', async () => {
    const clicks = await t.get(`/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/clicks`);
    const row = clicks.body.tracking_activities[0];
    expect(row).toMatchObject({ tracking_activity_type: 'em_clicks', url_id: expect.any(String), link_url: expect.any(String) });
    const filtered = await t.get(`/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/clicks?url_id=${row.url_id}`);
    expect(filtered.body.tracking_activities.every((r: TrackingRow) => r.url_id === row.url_id)).toBe(true);
    const bounces = await t.get(`/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/bounces?bounce_code=B&bounce_code=D`);
    expect(bounces.body.tracking_activities.every((r: TrackingRow) => ['B', 'D'].includes(r.bounce_code ?? ''))).toBe(true);
    expect((await t.get(`/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/bounces?bounce_code=Q`)).status).toBe(400);
  });

  it('opt-out rows match the contacts: unsubscribed by the contact, at that time, with that reason', async () => {
    const optouts = await collectPages(t, `/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/optouts`, 'tracking_activities');
    expect(optouts.items.length).toBeGreaterThan(0);
    for (const row of optouts.items) {
      const contact = t.sandbox.control.getContact(row.contact_id)!;
      expect(contact.email_address).toMatchObject({
        permission_to_send: 'unsubscribed',
        opt_out_source: 'Contact',
        opt_out_date: row.created_time,
      });
      expect(contact.email_address.opt_out_reason).toBe(row.opt_out_reason);
    }
  });

  it('the A/B test appears in summaries but the tracking reports do not serve it', async () => {
    const ab = campaigns.find((c) => c.type === 'AB_TEST')!;
    const res = await t.get('/v3/reports/summary_reports/email_campaign_summaries');
    expect(
      res.body.bulk_email_campaign_summaries.find((s: CampaignSummary) => s.campaign_id === ab.campaignId).unique_counts.sends,
    ).toBeGreaterThan(0);
    expect((await t.get(`/v3/reports/email_reports/${ab.primaryActivityId}/tracking/sends`)).status).toBe(404);
  });

  it('per-contact activity details need the types, page by ≤100, newest first', async () => {
    const sends = await t.get(`/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/opens`);
    const contactId = sends.body.tracking_activities[0].contact_id;
    expect((await t.get(`/v3/reports/contact_reports/${contactId}/activity_details`)).status).toBe(400);
    const res = await t.get(`/v3/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=em_sends,em_opens`);
    expect(res.status).toBe(200);
    const types = new Set(res.body.tracking_activities.map((r: TrackingRow) => r.tracking_activity_type));
    expect(types).toEqual(new Set(['em_sends', 'em_opens']));
    expect(res.body.tracking_activities[0].campaign_activity_name).toEqual(expect.any(String));
    const repeated = await t.get(
      `/v3/reports/contact_reports/${contactId}/activity_details?tracking_activity_type=em_opens&include_campaign_activity_names=false`,
    );
    expect(
      repeated.body.tracking_activities.every((r: TrackingRow) => r.tracking_activity_type === 'em_opens' && !r.campaign_activity_name),
    ).toBe(true);
    expect(
      (await t.get(`/v3/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=em_sends&limit=101`)).status,
    ).toBe(400);
    expect(
      (
        await t.get(
          `/v3/reports/contact_reports/${contactId}/activity_details?tracking_activities_list=em_sends&tracking_activity_type=em_opens`,
        )
      ).status,
    ).toBe(400);
  });

  it('new engagement added through the control API shows up first in the reports', async () => {
    const contact = (await t.get('/v3/contacts?limit=1')).body.contacts[0];
    t.sandbox.control.addEngagement({ campaignActivityId: tracked.primaryActivityId!, contactId: contact.contact_id, type: 'em_clicks' });
    const clicks = await t.get(`/v3/reports/email_reports/${tracked.primaryActivityId}/tracking/clicks?limit=1`);
    expect(clicks.body.tracking_activities[0].contact_id).toBe(contact.contact_id);
  });

  it('account summary returns the account and its extra fields on request', async () => {
    const res = await t.get('/v3/account/summary?extra_fields=physical_address');
    expect(res.body).toMatchObject({
      encoded_account_id: expect.any(String),
      organization_name: expect.any(String),
      physical_address: expect.any(Object),
    });
    expect(res.body.company_logo).toBeUndefined();
    expect((await t.get('/v3/account/summary?extra_fields=shoe_size')).status).toBe(400);
  });
});
