// Issue 4: "the API-log query time at 1,000,000 rows". The API boots in-process on a throwaway database (not
// connected to CC: no call is made), 1,000,000 realistic api_call_log rows over 30 days go in with one
// INSERT … SELECT over generate_series, then each log-viewer query of ApiLogService.list is timed (median of 5).
// A query slower than SLOW_MS gets its EXPLAIN ANALYZE on stderr, to judge which index it lacks.
import type { ApiLogQuery } from '@ctct/shared-types';
import type { DataSource } from 'typeorm';
import { ApiLogService } from '../../../../apps/api/src/modules/api-log';
import { withApi } from '../api-app';
import { median, roundFigure } from '../figures';
import { progress } from '../log';
import { measure, timeRuns } from '../measure';
import type { BenchScenario } from './scenario';

const NAME = 'api-log-query-1m';
const ROWS = 1_000_000;
const RUNS = 5;
const DEEP_PAGES = 20;
/** Above this a query is looked at with EXPLAIN ANALYZE (BENCH_SLOW_QUERY_MS to change, e.g. 0 to see every plan). */
const SLOW_MS = Number(process.env.BENCH_SLOW_QUERY_MS ?? 200);
const JOB_BLOCK_ROWS = 2_000;

// The call mix of a running integration: weight = share in percent (sums to 100). `{id}` is filled from a pool
// of `ids` distinct values (24 campaign activities, 200,000 contacts…).
const OPERATIONS: { operation: string; method: string; path: string; weight: number; ids?: number; query?: string }[] = [
  { operation: 'getContacts', method: 'GET', path: '/v3/contacts', weight: 21, query: 'limit=500&status=all&include=list_memberships' },
  { operation: 'getSends', method: 'GET', path: '/v3/reports/email_reports/{id}/tracking/sends', weight: 10, ids: 24, query: 'limit=500' },
  { operation: 'getOpens', method: 'GET', path: '/v3/reports/email_reports/{id}/tracking/opens', weight: 8, ids: 24, query: 'limit=500' },
  { operation: 'getClicks', method: 'GET', path: '/v3/reports/email_reports/{id}/tracking/clicks', weight: 5, ids: 24, query: 'limit=500' },
  {
    operation: 'getBounces',
    method: 'GET',
    path: '/v3/reports/email_reports/{id}/tracking/bounces',
    weight: 3,
    ids: 24,
    query: 'limit=500',
  },
  {
    operation: 'getOptouts',
    method: 'GET',
    path: '/v3/reports/email_reports/{id}/tracking/optouts',
    weight: 3,
    ids: 24,
    query: 'limit=500',
  },
  {
    operation: 'getDidNotOpens',
    method: 'GET',
    path: '/v3/reports/email_reports/{id}/tracking/didnotopens',
    weight: 2,
    ids: 24,
    query: 'limit=500',
  },
  { operation: 'postListAddContact', method: 'POST', path: '/v3/activities/add_list_memberships', weight: 10 },
  { operation: 'postListRemoveContact', method: 'POST', path: '/v3/activities/remove_list_memberships', weight: 4 },
  { operation: 'getActivity', method: 'GET', path: '/v3/activities/{id}', weight: 10, ids: 20_000 },
  { operation: 'bulkImportContactsJSON', method: 'POST', path: '/v3/activities/contacts_json_import', weight: 2 },
  { operation: 'createContact', method: 'POST', path: '/v3/contacts', weight: 3 },
  { operation: 'putContact', method: 'PUT', path: '/v3/contacts/{id}', weight: 6, ids: 200_000 },
  { operation: 'getContact', method: 'GET', path: '/v3/contacts/{id}', weight: 3, ids: 200_000, query: 'include=list_memberships' },
  { operation: 'deleteContact', method: 'DELETE', path: '/v3/contacts/{id}', weight: 1, ids: 200_000 },
  { operation: 'getLists', method: 'GET', path: '/v3/contact_lists', weight: 3, query: 'limit=1000&include_count=true' },
  { operation: 'createList', method: 'POST', path: '/v3/contact_lists', weight: 1 },
  { operation: 'retrieveEmailCampaignsUsingGET', method: 'GET', path: '/v3/emails', weight: 2, query: 'limit=500' },
  { operation: 'getAllBulkEmailCampaignSummaries', method: 'GET', path: '/v3/reports/summary_reports/email_campaign_summaries', weight: 1 },
  { operation: 'getAccountById', method: 'GET', path: '/v3/account/summary', weight: 1 },
  { operation: 'oauth.token.refresh_token', method: 'POST', path: '/oauth2/default/v1/token', weight: 1 },
];

/**
 * The whole 1,000,000 rows in one statement. Per row: created_at advances evenly over 30 days (ids follow time,
 * as in an append-only log); status ≈93% 2xx, 4% 4xx, 2% 5xx, 1% no response; 40% of rows come in blocks of
 * 2,000 belonging to a job run; user-caused rows carry a user and request id; bodies are short JSON.
 */
function insertSql(): string {
  const values = OPERATIONS.map(
    (op) =>
      `(${literal(op.operation)}, ${literal(op.method)}, ${literal(op.path)}, ${op.weight}, ${op.ids ?? 1}, ${op.query ? literal(op.query) : 'NULL'})`,
  ).join(',\n      ');
  return `
    WITH ops(operation, method, path, weight, ids, query) AS (VALUES
      ${values}),
    slots AS (
      SELECT ops.*, (row_number() OVER (ORDER BY operation, n) - 1)::int AS slot
      FROM ops CROSS JOIN LATERAL generate_series(1, ops.weight) AS n),
    draws AS (
      SELECT g, floor(random() * 100)::int AS slot, random() AS r_status, random() AS r_duration, random() AS r_user
      FROM generate_series(1, ${ROWS}) AS g),
    calls AS (
      SELECT d.*, s.operation, s.method, s.query,
        replace(s.path, '{id}', md5(s.operation || (d.g % s.ids))::uuid::text) AS path,
        CASE
          WHEN d.r_status < 0.93 THEN CASE WHEN s.operation LIKE 'oauth.%' THEN 200 WHEN s.method = 'POST' THEN 201
                                           WHEN s.method = 'DELETE' THEN 204 ELSE 200 END
          WHEN d.r_status < 0.97 THEN (ARRAY[400, 401, 404, 409, 429, 429])[1 + floor((d.r_status - 0.93) / 0.04 * 6)::int]
          WHEN d.r_status < 0.99 THEN (ARRAY[500, 502, 503])[1 + floor((d.r_status - 0.97) / 0.02 * 3)::int]
        END AS status,
        (d.g / ${JOB_BLOCK_ROWS}) % 5 < 2 AS in_job
      FROM draws d JOIN slots s USING (slot))
    INSERT INTO api_call_log (external_system, operation, method, path, query, status, duration_ms, attempt, job_run_id,
      user_id, request_id, error_key, error_message, request_body, response_body, created_at)
    SELECT 'CTCT', operation, method, path,
      CASE WHEN query IS NOT NULL AND g % 3 = 0 THEN 'cursor=' || encode(sha224(g::text::bytea), 'base64') ELSE query END,
      status,
      CASE WHEN status IS NULL THEN 30000 ELSE 40 + floor(power(r_duration, 3) * 2500)::int END,
      CASE WHEN status IS NULL OR status >= 500 OR status = 429 THEN 1 + floor(r_duration * 3)::int ELSE 1 END,
      CASE WHEN in_job THEN md5('run' || (g / ${JOB_BLOCK_ROWS}))::uuid END,
      CASE WHEN NOT in_job AND r_user < 0.3 THEN md5('user' || (g % 7))::uuid END,
      CASE WHEN NOT in_job AND r_user < 0.3 THEN md5('request' || g)::uuid::text END,
      CASE WHEN status IS NULL THEN (ARRAY['network.timeout', 'network.connection_reset'])[1 + g % 2]
           WHEN status = 429 THEN 'throttled' WHEN status >= 400 THEN 'http.' || status END,
      CASE WHEN status IS NULL THEN 'no response within 30000 ms'
           WHEN status >= 400 THEN 'Constant Contact answered ' || status || ' to ' || operation END,
      CASE WHEN method IN ('POST', 'PUT') THEN '{"source":{"contact_ids":["' || md5('c' || g)::uuid || '"]},"list_ids":["' || md5('l' || (g % 40))::uuid || '"]}' END,
      CASE WHEN status BETWEEN 200 AND 299 THEN '{"_links":{"next":{"href":"' || path || '?cursor=' || md5(g::text) || '"}},"count":' || (g % 500) || '}'
           WHEN status IS NOT NULL THEN '[{"error_key":"' || CASE WHEN status = 429 THEN 'throttled' ELSE 'http.' || status END || '","error_message":"…"}]' END,
      now() - interval '1 minute' - (interval '30 days' - interval '2 hours') * (1 - g::float8 / ${ROWS})
    FROM calls`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

interface QueryCase {
  name: string;
  query: ApiLogQuery;
}

export const apiLogQuery1m: BenchScenario = {
  name: NAME,
  description: 'ApiLogService.list over 1,000,000 api_call_log rows (30 days): each viewer filter, median of 5',
  async run() {
    return withApi({ label: 'api_log_1m' }, async ({ app, dataSource }) => {
      const service = app.get(ApiLogService);
      const measured = await measure(async () => {
        const insertStarted = performance.now();
        await dataSource.transaction(async (manager) => {
          await manager.query(`SELECT setseed(0.42)`); // the same rows every run
          await manager.query(insertSql());
        });
        await dataSource.query(`ANALYZE api_call_log`);
        const insertMs = performance.now() - insertStarted;
        progress(NAME, `inserted and analysed ${ROWS} rows in ${Math.round(insertMs)} ms`);
        const mix: { status_class: number; share: number }[] = await dataSource.query(
          `SELECT status_class, round(count(*) / ${ROWS}.0, 3)::float8 AS share FROM api_call_log GROUP BY 1 ORDER BY 1`,
        );
        const statusMix = Object.fromEntries(mix.map((row) => [row.status_class === 0 ? 'error' : `${row.status_class}xx`, row.share]));

        // Block 250 (rows 500,000–501,999) is one of the job runs (blocks with block % 5 < 2).
        const [{ job }] = await dataSource.query(`SELECT md5('run250')::uuid::text AS job`);
        const day = Date.now() - 15 * 86_400_000;
        const cases: QueryCase[] = [
          { name: 'firstPage', query: {} },
          { name: 'status5xx', query: { statusClass: '5xx' } },
          { name: 'methodPost', query: { method: 'POST' } },
          { name: 'textAddList', query: { q: 'add_list' } },
          { name: 'oneDay', query: { from: new Date(day).toISOString(), to: new Date(day + 86_400_000).toISOString() } },
          { name: 'jobRun', query: { jobRunId: job } },
        ];
        const walkStarted = performance.now();
        let cursor: string | undefined;
        for (let page = 0; page < DEEP_PAGES; page++) {
          cursor = (await service.list({ cursor })).nextCursor ?? undefined;
          if (!cursor) throw new Error(`the log ran out after ${page + 1} pages`);
        }
        const deepWalkMs = performance.now() - walkStarted;
        const oldDay = Date.now() - 28 * 86_400_000;
        cases.push(
          { name: `deepPage${DEEP_PAGES + 1}`, query: { cursor } },
          { name: 'errorTextTracking', query: { statusClass: 'error', q: 'tracking' } },
          // Beyond issue 4's list, two that must prove (near-)emptiness instead of stopping at 50 rows:
          { name: 'textNoMatch', query: { q: 'resubscribe' } },
          {
            name: 'oldDay4xxTextOptouts',
            query: {
              statusClass: '4xx',
              q: 'optouts',
              from: new Date(oldDay).toISOString(),
              to: new Date(oldDay + 86_400_000).toISOString(),
            },
          },
        );

        const queriesMs: Record<string, number> = {};
        const rowsReturned: Record<string, number> = {};
        for (const { name, query } of cases) {
          rowsReturned[name] = (await service.list(query)).items.length; // warm-up, not counted
          queriesMs[name] = roundFigure(median(await timeRuns(RUNS, () => service.list(query))));
        }
        const slow = Object.entries(queriesMs)
          .filter(([, ms]) => ms > SLOW_MS)
          .map(([name]) => name);
        for (const name of slow)
          await explain(
            dataSource,
            service,
            cases.find((c) => c.name === name)!,
          );
        return { insertMs, statusMix, deepWalkMs, queriesMs, rowsReturned, slow };
      });
      const { insertMs, statusMix, deepWalkMs, queriesMs, rowsReturned, slow } = measured.value;
      return {
        apiCalls: 0,
        lowerBound: 0,
        wallMs: measured.wallMs,
        rows: ROWS,
        peakRssMb: measured.peakRssMb,
        extras: {
          insertMs: Math.round(insertMs),
          statusMix,
          queriesMs,
          maxQueryMs: Math.max(...Object.values(queriesMs)),
          deepWalkMs: Math.round(deepWalkMs),
          rowsReturned,
          slowQueries: slow,
        },
      };
    });
  },
};

/** Runs the query once more with the data source's query() watched, and prints EXPLAIN ANALYZE of its SQL. */
async function explain(dataSource: DataSource, service: ApiLogService, { name, query }: QueryCase): Promise<void> {
  const original = dataSource.query.bind(dataSource);
  let captured: { sql: string; parameters?: unknown[] } | undefined;
  dataSource.query = ((sql: string, parameters?: unknown[]) => {
    captured ??= { sql, parameters };
    return original(sql, parameters);
  }) as typeof dataSource.query;
  try {
    await service.list(query);
  } finally {
    dataSource.query = original;
  }
  if (!captured) return;
  const plan: { 'QUERY PLAN': string }[] = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, captured.parameters);
  progress(NAME, `${name} is slower than ${SLOW_MS} ms; its plan:\n${plan.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`);
}
