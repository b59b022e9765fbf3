import type { ApiCallLogDto } from '@ctct/shared-types';
import type request from 'supertest';
import { ApiLogRetentionJob } from '../src/modules/api-log/api-log-retention.job';
import { startTestApp, TestApp } from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

describe('API call log (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let agent: Agent;
  const jobRunId = '6f1c2b1e-1111-4222-8333-444455556666';

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.signedIn();
    // 300 rows over the last 40 days: a mix of operations, statuses, methods; some from one job run.
    await t.dataSource.query(
      `INSERT INTO api_call_log (external_system, operation, method, path, query, status, duration_ms, attempt, job_run_id, error_key, created_at)
       SELECT 'CTCT',
              (ARRAY['getContacts', 'createContact', 'postListAddContact', 'getSends'])[1 + i % 4],
              (ARRAY['GET', 'POST', 'POST', 'GET'])[1 + i % 4],
              (ARRAY['/v3/contacts', '/v3/contacts', '/v3/activities/add_list_memberships', '/v3/reports/email_reports/x/tracking/sends'])[1 + i % 4],
              CASE WHEN i % 4 = 0 THEN 'limit=500' END,
              CASE WHEN i % 10 = 0 THEN 503 WHEN i % 7 = 0 THEN 404 WHEN i % 13 = 0 THEN NULL ELSE 200 END,
              10 + i, 1, CASE WHEN i % 5 = 0 THEN $1::uuid END,
              CASE WHEN i % 7 = 0 THEN 'contacts.api.not_found' END,
              now() - make_interval(hours => i * 3)
         FROM generate_series(1, 300) AS i`,
      [jobRunId],
    );
  });
  afterAll(() => t.close());

  async function everyPage(query: Record<string, string | number>): Promise<ApiCallLogDto[]> {
    const rows: ApiCallLogDto[] = [];
    let cursor: string | null = null;
    do {
      const response: request.Response = await agent
        .get('/api/api-log')
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .expect(200);
      rows.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    return rows;
  }

  it('lists newest first, 50 a page, paging through every row once', async () => {
    const first = await agent.get('/api/api-log').expect(200);
    expect(first.body.items).toHaveLength(50);
    const all = await everyPage({ limit: 70 });
    expect(all).toHaveLength(300);
    expect(new Set(all.map((row) => row.id)).size).toBe(300);
    const times = all.map((row) => Date.parse(row.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by status class, method, text, time range and job run', async () => {
    const serverErrors = await everyPage({ statusClass: '5xx' });
    expect(serverErrors).toHaveLength(30);
    expect(serverErrors.every((row) => row.status === 503)).toBe(true);
    const network = await everyPage({ statusClass: 'error' });
    expect(network.every((row) => row.status === null)).toBe(true);
    expect(network.length).toBeGreaterThan(0);
    const posts = await everyPage({ method: 'post' });
    expect(posts).toHaveLength(150);
    const lists = await everyPage({ q: 'add_list' });
    expect(lists.every((row) => row.path.includes('add_list_memberships'))).toBe(true);
    expect(lists).toHaveLength(75);
    const lastDay = await everyPage({ from: new Date(Date.now() - 24 * 3600_000).toISOString() });
    expect(lastDay).toHaveLength(7);
    const run = await everyPage({ jobRunId });
    expect(run).toHaveLength(60);
    expect(run.every((row) => row.jobRunId === jobRunId)).toBe(true);
  });

  it('refuses bad filters naming them', async () => {
    const response = await agent
      .get('/api/api-log')
      .query({ statusClass: '6xx', from: 'yesterday', jobRunId: 'x', system: 'MAILCHIMP' })
      .expect(400);
    expect(response.body.fields.map((field: { field: string }) => field.field).sort()).toEqual([
      'from',
      'jobRunId',
      'statusClass',
      'system',
    ]);
  });

  it('lists every system when none is asked for, and one when it is', async () => {
    const all = await everyPage({});
    expect(await everyPage({ system: 'CTCT' })).toEqual(all);
  });

  it('shows the email of the admin whose action made the call, in the list, the entry and the CSV', async () => {
    const [{ id: userId, email }] = await t.dataSource.query(`SELECT id, email FROM users LIMIT 1`);
    await t.dataSource.query(
      `INSERT INTO api_call_log (external_system, operation, method, path, status, duration_ms, user_id, created_at)
       VALUES ('CTCT', 'putContact', 'PUT', '/v3/contacts/x', 200, 5, $1, now() + interval '1 minute')`,
      [userId],
    );
    const [newest] = (await agent.get('/api/api-log').query({ limit: 1 }).expect(200)).body.items;
    expect(newest).toMatchObject({ operation: 'putContact', userId, userEmail: email });
    expect((await agent.get(`/api/api-log/${newest.id}`).expect(200)).body.userEmail).toBe(email);
    const csv = await agent.get('/api/api-log/export.csv').query({ q: 'putContact' }).expect(200);
    const [header, row] = csv.text.trim().split('\n');
    expect(row.split(',')[header.split(',').indexOf('userEmail')]).toBe(email);
    const other = (await agent.get('/api/api-log').query({ limit: 2 }).expect(200)).body.items[1];
    expect(other.userEmail).toBeNull();
  });

  it('shows one entry with its bodies, and 404 for an unknown id', async () => {
    const [row] = (await agent.get('/api/api-log').query({ limit: 1 }).expect(200)).body.items;
    const detail = await agent.get(`/api/api-log/${row.id}`).expect(200);
    expect(detail.body).toMatchObject({ id: row.id, requestBody: null, responseBody: null });
    await agent.get('/api/api-log/999999999').expect(404);
  });

  it('exports the filtered rows as CSV', async () => {
    const response = await agent.get('/api/api-log/export.csv').query({ statusClass: '4xx' }).expect(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toMatch(/^createdAt,externalSystem,operation,method,path/);
    expect(lines.length - 1).toBe((await everyPage({ statusClass: '4xx' })).length);
  });

  it('purges rows older than the retention setting (30 days by default)', async () => {
    const purged = await t.app.get(ApiLogRetentionJob).purge();
    const [{ oldest }] = await t.dataSource.query(`SELECT min(created_at) AS oldest FROM api_call_log`);
    expect(purged).toBeGreaterThan(0);
    expect(Date.now() - new Date(oldest).getTime()).toBeLessThanOrEqual(30 * 24 * 3600_000);
    expect(await t.app.get(ApiLogRetentionJob).purge()).toBe(0);
  });
});
