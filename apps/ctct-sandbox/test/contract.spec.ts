import { V3_OPERATIONS, createSandbox } from '../src';
import { TestSandbox, createContact, createList, testSandbox } from './helpers';
import { SpecOperation, loadSpec, specAvailable, validateResponse } from './spec-contract';

// Contract tests: every operation the sandbox serves is called (happy path and main error paths) and
// its response validated against the official V3 document in ../shared/reference; requests the
// document forbids (bad enums, out-of-range limits, over-long or missing fields) must be refused.

const describeContract = specAvailable ? describe : describe.skip;

interface Call {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  body?: unknown;
  status: number;
  token?: string;
}

const UNKNOWN_ID = '0f0e0d0c-0000-4000-8000-000000000000';

describeContract('contract: responses match the V3 document', () => {
  let t: TestSandbox;
  let calls: Call[];
  const results: { call: Call; status: number; problems: string[] }[] = [];

  beforeAll(async () => {
    t = testSandbox({ scenario: { seed: 'contract', contacts: 400, lists: 3, campaigns: 2 } });
    const list = await createList(t, 'Contract list');
    const spare = await createList(t, 'Spare list');
    const doomed = await createList(t, 'Doomed list');
    const contact = await createContact(t, 'contract@example.com', { first_name: 'Con', list_memberships: [list] });
    const other = await createContact(t, 'other@example.com');
    const unsub = await createContact(t, 'unsub@example.com');
    await t.put(`/v3/contacts/${unsub.contact_id}`, {
      email_address: { address: 'unsub@example.com', permission_to_send: 'unsubscribed' },
      update_source: 'Contact',
    });
    const toDelete = await createContact(t, 'delete-me@example.com');
    const activity = (await t.post('/v3/activities/contact_delete', { contact_ids: [other.contact_id] })).body.activity_id;
    const campaign = t.sandbox.control.listCampaigns().find((c) => c.type === 'NEWSLETTER' && c.trackedByReports)!;
    const ca = campaign.primaryActivityId!;
    const opener = (await t.get(`/v3/reports/email_reports/${ca}/tracking/opens?limit=1`)).body.tracking_activities[0].contact_id;
    const readOnly = t.sandbox.control.issueTokens({ scopes: ['account_read'] }).access_token;
    const tracking = ['sends', 'opens', 'unique_opens', 'didnotopens', 'clicks', 'forwards', 'optouts', 'bounces'];
    const trackingIds = [
      'getSends',
      'getOpens',
      'getUniqueOpens',
      'getDidNotOpens',
      'getClicks',
      'getForwards',
      'getOptouts',
      'getBounces',
    ];
    calls = [
      { operationId: 'getAccountById', method: 'get', path: '/v3/account/summary?extra_fields=physical_address,company_logo', status: 200 },
      { operationId: 'getAccountById', method: 'get', path: '/v3/account/summary?extra_fields=nope', status: 400 },
      { operationId: 'getAccountById', method: 'get', path: '/v3/account/summary', status: 401, token: 'expired' },
      {
        operationId: 'getContacts',
        method: 'get',
        path: '/v3/contacts?include=custom_fields,list_memberships,phone_numbers,street_addresses,taggings,notes&include_count=true&limit=3',
        status: 200,
      },
      { operationId: 'getContacts', method: 'get', path: '/v3/contacts?status=all&limit=500', status: 200 },
      { operationId: 'getContacts', method: 'get', path: '/v3/contacts?limit=0', status: 400 },
      { operationId: 'getContacts', method: 'get', path: '/v3/contacts', status: 403, token: readOnly },
      { operationId: 'getContacts', method: 'get', path: '/v3/contacts', status: 401, token: 'expired' },
      {
        operationId: 'createContact',
        method: 'post',
        path: '/v3/contacts',
        body: {
          email_address: { address: 'new-contract@example.com', permission_to_send: 'explicit' },
          first_name: 'N',
          create_source: 'Contact',
          list_memberships: [list],
          phone_numbers: [{ phone_number: '555', kind: 'home' }],
          street_addresses: [{ kind: 'home', city: 'Boston' }],
        },
        status: 201,
      },
      {
        operationId: 'createContact',
        method: 'post',
        path: '/v3/contacts',
        body: { email_address: { address: 'CONTRACT@example.com' }, create_source: 'Account' },
        status: 409,
      },
      {
        operationId: 'createContact',
        method: 'post',
        path: '/v3/contacts',
        body: { email_address: { address: 'bad' }, create_source: 'Account' },
        status: 400,
      },
      { operationId: 'countContact', method: 'get', path: '/v3/contacts/counts?include=new_subscriber', status: 200 },
      {
        operationId: 'createOrUpdateContact',
        method: 'post',
        path: '/v3/contacts/sign_up_form',
        body: { email_address: 'signup@example.com', list_memberships: [list] },
        status: 201,
      },
      {
        operationId: 'createOrUpdateContact',
        method: 'post',
        path: '/v3/contacts/sign_up_form',
        body: { email_address: 'signup@example.com', first_name: 'S', list_memberships: [spare] },
        status: 200,
      },
      {
        operationId: 'createOrUpdateContact',
        method: 'post',
        path: '/v3/contacts/sign_up_form',
        body: { email_address: 'signup@example.com', list_memberships: [] },
        status: 400,
      },
      {
        operationId: 'resubscribeContact',
        method: 'put',
        path: `/v3/contacts/resubscribe/${unsub.contact_id}`,
        body: { list_ids: [list] },
        status: 200,
      },
      {
        operationId: 'resubscribeContact',
        method: 'put',
        path: `/v3/contacts/resubscribe/${unsub.contact_id}`,
        body: { list_ids: [list] },
        status: 409,
      },
      {
        operationId: 'resubscribeContact',
        method: 'put',
        path: `/v3/contacts/resubscribe/${contact.contact_id}`,
        body: { list_ids: [list] },
        status: 400,
      },
      {
        operationId: 'resubscribeContact',
        method: 'put',
        path: `/v3/contacts/resubscribe/${UNKNOWN_ID}`,
        body: { list_ids: [list] },
        status: 404,
      },
      {
        operationId: 'getContact',
        method: 'get',
        path: `/v3/contacts/${contact.contact_id}?include=custom_fields,list_memberships,phone_numbers,street_addresses,taggings,notes`,
        status: 200,
      },
      { operationId: 'getContact', method: 'get', path: `/v3/contacts/${UNKNOWN_ID}`, status: 404 },
      {
        operationId: 'putContact',
        method: 'put',
        path: `/v3/contacts/${contact.contact_id}`,
        body: {
          email_address: { address: 'contract@example.com', permission_to_send: 'explicit' },
          first_name: 'Connie',
          update_source: 'Account',
          list_memberships: [list, spare],
        },
        status: 200,
      },
      {
        operationId: 'putContact',
        method: 'put',
        path: `/v3/contacts/${contact.contact_id}`,
        body: { email_address: { address: 'unsub@example.com' }, update_source: 'Account' },
        status: 409,
      },
      {
        operationId: 'putContact',
        method: 'put',
        path: `/v3/contacts/${contact.contact_id}`,
        body: { email_address: { address: 'contract@example.com' } },
        status: 400,
      },
      {
        operationId: 'putContact',
        method: 'put',
        path: `/v3/contacts/${UNKNOWN_ID}`,
        body: { email_address: { address: 'x@example.com' }, update_source: 'Account' },
        status: 404,
      },
      { operationId: 'deleteContact', method: 'delete', path: `/v3/contacts/${toDelete.contact_id}`, status: 204 },
      { operationId: 'deleteContact', method: 'delete', path: `/v3/contacts/${UNKNOWN_ID}`, status: 404 },
      {
        operationId: 'getLists',
        method: 'get',
        path: '/v3/contact_lists?include_count=true&include_membership_count=all&limit=2',
        status: 200,
      },
      { operationId: 'getLists', method: 'get', path: '/v3/contact_lists?status=all', status: 200 },
      { operationId: 'getLists', method: 'get', path: '/v3/contact_lists?limit=0', status: 400 },
      { operationId: 'createList', method: 'post', path: '/v3/contact_lists', body: { name: 'Brand new', favorite: true }, status: 201 },
      { operationId: 'createList', method: 'post', path: '/v3/contact_lists', body: { name: 'Contract list' }, status: 409 },
      { operationId: 'createList', method: 'post', path: '/v3/contact_lists', body: { favorite: true }, status: 400 },
      { operationId: 'getList', method: 'get', path: `/v3/contact_lists/${list}?include_membership_count=active`, status: 200 },
      { operationId: 'getList', method: 'get', path: `/v3/contact_lists/${UNKNOWN_ID}`, status: 404 },
      { operationId: 'putList', method: 'put', path: `/v3/contact_lists/${spare}`, body: { name: 'Spare renamed' }, status: 200 },
      { operationId: 'putList', method: 'put', path: `/v3/contact_lists/${UNKNOWN_ID}`, body: { name: 'x' }, status: 404 },
      { operationId: 'putList', method: 'put', path: `/v3/contact_lists/${spare}`, body: { name: '' }, status: 400 },
      { operationId: 'deleteListActivity', method: 'delete', path: `/v3/contact_lists/${doomed}`, status: 202 },
      { operationId: 'deleteListActivity', method: 'delete', path: `/v3/contact_lists/${UNKNOWN_ID}`, status: 404 },
      { operationId: 'getActivityStatusCollection', method: 'get', path: '/v3/activities?limit=10', status: 200 },
      { operationId: 'getActivityStatusCollection', method: 'get', path: '/v3/activities?state=lost', status: 400 },
      { operationId: 'getActivity', method: 'get', path: `/v3/activities/${activity}`, status: 200 },
      { operationId: 'getActivity', method: 'get', path: `/v3/activities/${UNKNOWN_ID}`, status: 404 },
      {
        operationId: 'postListAddContact',
        method: 'post',
        path: '/v3/activities/add_list_memberships',
        body: { source: { contact_ids: [contact.contact_id] }, list_ids: [spare] },
        status: 201,
      },
      {
        operationId: 'postListAddContact',
        method: 'post',
        path: '/v3/activities/add_list_memberships',
        body: { source: {}, list_ids: [spare] },
        status: 400,
      },
      {
        operationId: 'postListRemoveContact',
        method: 'post',
        path: '/v3/activities/remove_list_memberships',
        body: { source: { list_ids: [list] }, list_ids: [spare] },
        status: 201,
      },
      {
        operationId: 'postListRemoveContact',
        method: 'post',
        path: '/v3/activities/remove_list_memberships',
        body: { source: { contact_ids: [contact.contact_id] }, list_ids: [UNKNOWN_ID] },
        status: 404,
      },
      {
        operationId: 'postListRemoveContact',
        method: 'post',
        path: '/v3/activities/remove_list_memberships',
        body: { source: { contact_ids: [contact.contact_id] } },
        status: 400,
      },
      {
        operationId: 'bulkImportContactsJSON',
        method: 'post',
        path: '/v3/activities/contacts_json_import',
        body: { import_data: [{ email: 'imp@example.com', first_name: 'I' }], list_ids: [list] },
        status: 201,
      },
      {
        operationId: 'bulkImportContactsJSON',
        method: 'post',
        path: '/v3/activities/contacts_json_import',
        body: { import_data: [{ email: 'imp@example.com' }] },
        status: 400,
      },
      {
        operationId: 'postContactDelete',
        method: 'post',
        path: '/v3/activities/contact_delete',
        body: { contact_ids: [UNKNOWN_ID] },
        status: 201,
      },
      {
        operationId: 'postContactDelete',
        method: 'post',
        path: '/v3/activities/contact_delete',
        body: { contact_ids: ['not-a-uuid'] },
        status: 400,
      },
      { operationId: 'retrieveEmailCampaignsUsingGET', method: 'get', path: '/v3/emails?limit=3', status: 200 },
      { operationId: 'retrieveEmailCampaignsUsingGET', method: 'get', path: '/v3/emails?limit=0', status: 400 },
      { operationId: 'retrieveEmailCampaignUsingGET', method: 'get', path: `/v3/emails/${campaign.campaignId}`, status: 200 },
      { operationId: 'retrieveEmailCampaignUsingGET', method: 'get', path: `/v3/emails/${UNKNOWN_ID}`, status: 404 },
      {
        operationId: 'retrieveEmailCampaignActivityUsingGET',
        method: 'get',
        path: `/v3/emails/activities/${ca}?include=physical_address_in_footer,permalink_url,html_content,document_properties`,
        status: 200,
      },
      { operationId: 'retrieveEmailCampaignActivityUsingGET', method: 'get', path: `/v3/emails/activities/${UNKNOWN_ID}`, status: 404 },
      {
        operationId: 'getAllBulkEmailCampaignSummaries',
        method: 'get',
        path: '/v3/reports/summary_reports/email_campaign_summaries?limit=2',
        status: 200,
      },
      {
        operationId: 'getAllBulkEmailCampaignSummaries',
        method: 'get',
        path: '/v3/reports/summary_reports/email_campaign_summaries?limit=x',
        status: 400,
      },
      {
        operationId: 'getContactTracking',
        method: 'get',
        path: `/v3/reports/contact_reports/${opener}/activity_details?tracking_activities_list=em_sends,em_opens,em_clicks,em_bounces,em_optouts,em_forwards`,
        status: 200,
      },
      { operationId: 'getContactTracking', method: 'get', path: `/v3/reports/contact_reports/${opener}/activity_details`, status: 400 },
      {
        operationId: 'getContactTracking',
        method: 'get',
        path: `/v3/reports/contact_reports/${UNKNOWN_ID}/activity_details?tracking_activities_list=em_sends`,
        status: 404,
      },
      ...tracking.flatMap((kind, i): Call[] => [
        { operationId: trackingIds[i], method: 'get', path: `/v3/reports/email_reports/${ca}/tracking/${kind}?limit=3`, status: 200 },
        { operationId: trackingIds[i], method: 'get', path: `/v3/reports/email_reports/${ca}/tracking/${kind}?limit=501`, status: 400 },
        { operationId: trackingIds[i], method: 'get', path: `/v3/reports/email_reports/${UNKNOWN_ID}/tracking/${kind}`, status: 404 },
      ]),
    ];
    for (const call of calls) {
      const auth = `Bearer ${call.token ?? t.token}`;
      const req = t.raw[call.method](call.path).set('Authorization', auth);
      const res = call.body === undefined ? await req : await req.send(call.body as object);
      const body = res.status === 204 ? undefined : res.text ? JSON.parse(res.text) : undefined;
      results.push({
        call,
        status: res.status,
        problems: res.status === call.status ? validateResponse(call.operationId, res.status, body) : [],
      });
    }
  });

  it('every served operation exists in the spec with the same method, path and scope', () => {
    const { operations } = loadSpec();
    const mismatches = V3_OPERATIONS.filter((op) => {
      const spec = operations.get(op.operationId);
      const scopes = spec?.security?.flatMap((s) => Object.values(s).flat()) ?? [];
      return !spec || spec.method !== op.method || spec.path !== op.path || !scopes.includes(op.scope);
    }).map((op) => op.operationId);
    expect(mismatches).toEqual([]);
  });

  it('every served operation is exercised with a successful call', () => {
    const succeeded = new Set(results.filter((r) => r.status < 300 && r.status === r.call.status).map((r) => r.call.operationId));
    expect(V3_OPERATIONS.map((op) => op.operationId).filter((id) => !succeeded.has(id))).toEqual([]);
  });

  it('answers each call with the expected status code', () => {
    const wrong = results
      .filter((r) => r.status !== r.call.status)
      .map((r) => `${r.call.method} ${r.call.path}: ${r.status} (expected ${r.call.status})`);
    expect(wrong).toEqual([]);
  });

  it('every response body (success and error) validates against the spec', () => {
    const invalid = results.filter((r) => r.problems.length).map((r) => `${r.call.operationId} ${r.status}: ${r.problems.join('; ')}`);
    expect(invalid).toEqual([]);
  });

  it('every page of the scenario’s contacts and tracking validates (unsubscribed, deleted, all sub-resources)', async () => {
    const problems: string[] = [];
    let path: string | undefined =
      '/v3/contacts?status=all&limit=100&include=custom_fields,list_memberships,phone_numbers,street_addresses,taggings,notes';
    while (path) {
      const res = await t.get(path);
      problems.push(...validateResponse('getContacts', res.status, res.body));
      path = res.body._links?.next?.href;
    }
    const ca = t.sandbox.control.listCampaigns()[0].primaryActivityId!;
    const kinds = {
      getSends: 'sends',
      getOpens: 'opens',
      getUniqueOpens: 'unique_opens',
      getDidNotOpens: 'didnotopens',
      getClicks: 'clicks',
      getForwards: 'forwards',
      getOptouts: 'optouts',
      getBounces: 'bounces',
    };
    for (const [operationId, kind] of Object.entries(kinds)) {
      const res = await t.get(`/v3/reports/email_reports/${ca}/tracking/${kind}`);
      problems.push(...validateResponse(operationId, res.status, res.body));
    }
    expect(problems).toEqual([]);
  });

  it('a 429 from the rate limiter carries CC’s error shape', async () => {
    const limited = createSandbox({ rateLimit: { perSecond: 1000, perDay: 1 } });
    const token = limited.control.issueTokens().access_token;
    const supertest = (await import('supertest')).default;
    await supertest(limited.app).get('/v3/contacts').set('Authorization', `Bearer ${token}`);
    const res = await supertest(limited.app).get('/v3/contacts').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(429);
    // The spec declares 429 on only some operations (none for getContacts); CC rate-limits them all.
    expect(validateResponse('getAccountById', 401, res.body)).toEqual([]);
  });
});

describeContract('contract: requests the V3 document forbids are refused', () => {
  let t: TestSandbox;
  let base: Record<string, { path: string; body?: Record<string, unknown> }>;

  beforeAll(async () => {
    t = testSandbox({ scenario: { seed: 'forbidden', contacts: 200, lists: 2, campaigns: 1 } });
    const list = await createList(t, 'F');
    const contact = await createContact(t, 'f@example.com');
    const activity = t.sandbox.control.listCampaigns()[0].primaryActivityId!;
    const campaign = t.sandbox.control.listCampaigns()[0].campaignId;
    base = {
      getAccountById: { path: '/v3/account/summary' },
      getContacts: { path: '/v3/contacts' },
      createContact: { path: '/v3/contacts', body: { email_address: { address: 'g@example.com' }, create_source: 'Account' } },
      countContact: { path: '/v3/contacts/counts' },
      createOrUpdateContact: { path: '/v3/contacts/sign_up_form', body: { email_address: 'h@example.com', list_memberships: [list] } },
      resubscribeContact: { path: `/v3/contacts/resubscribe/${contact.contact_id}`, body: { list_ids: [list] } },
      getContact: { path: `/v3/contacts/${contact.contact_id}` },
      putContact: {
        path: `/v3/contacts/${contact.contact_id}`,
        body: { email_address: { address: 'f@example.com' }, update_source: 'Account' },
      },
      deleteContact: { path: `/v3/contacts/${UNKNOWN_ID}` },
      getLists: { path: '/v3/contact_lists' },
      createList: { path: '/v3/contact_lists', body: { name: 'Z' } },
      getList: { path: `/v3/contact_lists/${list}` },
      putList: { path: `/v3/contact_lists/${list}`, body: { name: 'F' } },
      deleteListActivity: { path: `/v3/contact_lists/${UNKNOWN_ID}` },
      getActivityStatusCollection: { path: '/v3/activities' },
      getActivity: { path: `/v3/activities/${UNKNOWN_ID}` },
      postListAddContact: {
        path: '/v3/activities/add_list_memberships',
        body: { source: { contact_ids: [contact.contact_id] }, list_ids: [list] },
      },
      postListRemoveContact: {
        path: '/v3/activities/remove_list_memberships',
        body: { source: { contact_ids: [contact.contact_id] }, list_ids: [list] },
      },
      bulkImportContactsJSON: {
        path: '/v3/activities/contacts_json_import',
        body: { import_data: [{ email: 'i@example.com' }], list_ids: [list] },
      },
      postContactDelete: { path: '/v3/activities/contact_delete', body: { contact_ids: [UNKNOWN_ID] } },
      retrieveEmailCampaignsUsingGET: { path: '/v3/emails' },
      retrieveEmailCampaignUsingGET: { path: `/v3/emails/${campaign}` },
      retrieveEmailCampaignActivityUsingGET: { path: `/v3/emails/activities/${activity}` },
      getAllBulkEmailCampaignSummaries: { path: '/v3/reports/summary_reports/email_campaign_summaries' },
      getContactTracking: { path: `/v3/reports/contact_reports/${contact.contact_id}/activity_details?tracking_activities_list=em_sends` },
    };
    for (const [id, kind] of Object.entries({
      getSends: 'sends',
      getOpens: 'opens',
      getUniqueOpens: 'unique_opens',
      getDidNotOpens: 'didnotopens',
      getClicks: 'clicks',
      getForwards: 'forwards',
      getOptouts: 'optouts',
      getBounces: 'bounces',
    })) {
      base[id] = { path: `/v3/reports/email_reports/${activity}/tracking/${kind}` };
    }
  });

  /** Bad query values derived from the spec's parameter declarations. */
  function badQueries(op: SpecOperation): [string, string][] {
    const out: [string, string][] = [];
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      const allowed = p.enum ?? p.items?.enum;
      if (allowed) out.push([p.name, 'not_a_valid_value']);
      if (p.maximum !== undefined && (p.type === 'integer' || p.name === 'limit')) out.push([p.name, String(p.maximum + 1)]);
      if (p.minimum !== undefined) out.push([p.name, String(p.minimum - 1)]);
      if (p.type === 'integer') out.push([p.name, 'abc']);
      if (p.type === 'boolean') out.push([p.name, 'maybe']);
      if (p.format === 'date-time') out.push([p.name, 'not-a-date']);
    }
    return out;
  }

  /** Bad bodies derived from the body definition: missing required, too long, too many, wrong type. */
  function badBodies(op: SpecOperation, valid: Record<string, unknown>): [string, Record<string, unknown>][] {
    const param = op.parameters.find((p) => p.in === 'body');
    if (!param?.schema) return [];
    const def = loadSpec().spec.definitions[param.schema.$ref.replace('#/definitions/', '')];
    const out: [string, Record<string, unknown>][] = [];
    for (const required of def.required ?? []) {
      const body = { ...valid };
      delete body[required];
      out.push([`missing ${required}`, body]);
    }
    for (const [name, prop] of Object.entries<any>(def.properties ?? {})) {
      if (prop.type === 'string' && prop.maxLength) out.push([`${name} too long`, { ...valid, [name]: 'x'.repeat(prop.maxLength + 1) }]);
      if (prop.type === 'string' || prop.type === 'integer' || prop.type === 'boolean' || prop.type === 'array' || prop.$ref) {
        out.push([`${name} of the wrong type`, { ...valid, [name]: prop.type === 'string' ? 12345 : 'wrong' }]);
      }
      // Spec quirk (SOURCES.md): maxItems 0 on ListActivityRemoveContacts arrays; the documented limits apply.
      if (prop.type === 'array' && prop.maxItems) {
        const item = prop.items?.format === 'uuid' ? UNKNOWN_ID : { custom_field_id: UNKNOWN_ID };
        out.push([`${name} with too many items`, { ...valid, [name]: Array.from({ length: prop.maxItems + 1 }, () => item) }]);
      }
      if (prop.type === 'array' && prop.items?.format === 'uuid')
        out.push([`${name} with a non-UUID item`, { ...valid, [name]: ['not-a-uuid'] }]);
    }
    return out;
  }

  it('refuses invalid query values, path ids and bodies with 400 naming the field', async () => {
    const { operations } = loadSpec();
    const accepted: string[] = [];
    let tried = 0;
    for (const op of V3_OPERATIONS) {
      const spec = operations.get(op.operationId)!;
      const { path, body } = base[op.operationId];
      const send = (url: string, payload?: unknown) => {
        const req = t.raw[op.method as 'get'](url).set('Authorization', `Bearer ${t.token}`);
        return payload === undefined ? req : req.send(payload as object);
      };
      for (const [name, value] of badQueries(spec)) {
        tried++;
        const url = `${path}${path.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
        const res = await send(url, body);
        if (res.status !== 400 || !JSON.stringify(res.body).includes(name))
          accepted.push(`${op.operationId} ?${name}=${value} → ${res.status}`);
      }
      for (const p of spec.parameters.filter((x) => x.in === 'path' && x.format === 'uuid')) {
        tried++;
        const res = await send(path.replace(/[0-9a-f-]{36}/, 'not-a-uuid'), body);
        // Where the operation declares no 400 (getList), the refusal is its declared 404.
        const refusal = spec.responses['400'] ? 400 : 404;
        if (res.status !== refusal) accepted.push(`${op.operationId} ${p.name}=not-a-uuid → ${res.status}`);
      }
      for (const [what, bad] of badBodies(spec, body ?? {})) {
        tried++;
        const res = await send(path, bad);
        if (res.status !== 400) accepted.push(`${op.operationId} body ${what} → ${res.status}`);
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(accepted).toEqual([]);
  });
});
