import { Injectable } from '@nestjs/common';
import {
  EXTERNAL_SYSTEMS,
  type ApiCallLogDetailDto,
  type ApiCallLogDto,
  type ApiLogQuery,
  type CtctBudgetUsageDto,
  type Page,
  type StatusClass,
} from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/domain-errors';
import { decodeCursor, everyPage, keysetPage } from '../../common/keyset-page';
import { sql } from '../../common/sql';
import type { ApiCallLogDetailRow, ApiCallLogRow, ApiCallUsageRow } from './api-call-log.row';

const SORT = 'newest';
// The user's email is read from the auth module's users table for display (a read-model join, one PK lookup per row).
const LIST_COLUMNS = `id::text, external_system, operation, method, path, query, status, duration_ms, attempt, job_run_id,
  user_id, (SELECT email FROM users WHERE users.id = api_call_log.user_id) AS user_email, request_id, error_key, error_message,
  decision, created_at, created_at::text AS sort_key`;
const STATUS_CLASS_VALUE: Record<StatusClass, number> = { '2xx': 2, '3xx': 3, '4xx': 4, '5xx': 5, error: 0 };
const positionOf = (row: ApiCallLogRow) => ({ sort: SORT, key: row.sort_key, id: row.id });

/** Reads the external-call log: filtered, newest first, keyset-paginated; each filter has a matching index. */
@Injectable()
export class ApiLogService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ApiLogQuery): Promise<Page<ApiCallLogDto>> {
    const limit = query.limit ?? 50;
    return keysetPage(await this.fetch(query, limit + 1), limit, positionOf, toDto);
  }

  async get(id: string): Promise<ApiCallLogDetailDto> {
    if (!/^\d{1,18}$/.test(id)) throw new NotFoundError(`No API log entry ${id}`);
    const text = `SELECT ${LIST_COLUMNS}, request_body, response_body FROM api_call_log WHERE id = $1`;
    const row = await sql.one<ApiCallLogDetailRow>(this.dataSource, text, [id]);
    if (!row) throw new NotFoundError(`No API log entry ${id}`);
    return { ...toDto(row), requestBody: row.request_body, responseBody: row.response_body };
  }

  /** Pages through every matching row (newest first) for CSV export, up to maxRows. */
  stream(query: ApiLogQuery, maxRows: number): AsyncGenerator<ApiCallLogDto[]> {
    return everyPage((cursor, limit) => this.list({ ...query, cursor, limit }), { batch: 2_000, maxRows });
  }

  /**
   * CC calls since `since` (CC's midnight, for "today"), by who they were made for and, for runs, by job: every
   * attempt, as the request budget counts them. Token endpoint calls are counted apart (not in CC's daily quota).
   */
  async usageSince(since: Date): Promise<Omit<CtctBudgetUsageDto, 'budget' | 'since'>> {
    // A read model over the run engine's table: the job of each run, joined here rather than asked run by run.
    const rows = await sql.rows<ApiCallUsageRow>(
      this.dataSource,
      `SELECT CASE WHEN l.operation LIKE 'oauth.token.%' THEN 'token' ELSE coalesce(l.budget_lane, 'unknown') END AS kind,
              r.job, count(*)::int AS calls
         FROM api_call_log l LEFT JOIN sync_runs r ON r.id = l.job_run_id
        WHERE l.external_system = 'CTCT' AND l.created_at >= $1 AND l.operation <> 'oauth.revoke'
        GROUP BY 1, 2`,
      [since],
    );
    const byKind = new Map<string, number>();
    const byJob = new Map<string, number>();
    let tokenCalls = 0;
    for (const row of rows) {
      if (row.kind === 'token') {
        tokenCalls += row.calls;
        continue;
      }
      byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + row.calls);
      if (row.job) byJob.set(row.job, (byJob.get(row.job) ?? 0) + row.calls);
    }
    const sorted = <K extends string>(map: Map<K, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      byKind: sorted(byKind).map(([kind, calls]) => ({ kind: kind as CtctBudgetUsageDto['byKind'][number]['kind'], calls })),
      byJob: sorted(byJob).map(([job, calls]) => ({ job, calls })),
      tokenCalls,
    };
  }

  private fetch(query: ApiLogQuery, take: number): Promise<ApiCallLogRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // No system: all of them. `IN (…)` of one value is planned as `=`, so the (external_system, …) indexes still serve.
    const systems = query.system ? [query.system] : EXTERNAL_SYSTEMS;
    const where = [`external_system IN (${systems.map((system) => param(system)).join(', ')})`];
    if (query.statusClass) where.push(`status_class = ${param(STATUS_CLASS_VALUE[query.statusClass])}`);
    if (query.method) where.push(`method = ${param(query.method)}`);
    if (query.q?.trim()) where.push(`(operation || ' ' || path) ILIKE ${param(`%${query.q.trim().replace(/[\\%_]/g, '\\$&')}%`)}`);
    if (query.from) where.push(`created_at >= ${param(query.from)}::timestamptz`);
    if (query.to) where.push(`created_at < ${param(query.to)}::timestamptz`);
    if (query.jobRunId) where.push(`job_run_id = ${param(query.jobRunId)}::uuid`);
    if (query.cursor) {
      const position = decodeCursor(query.cursor, SORT, { key: 'timestamp', id: 'bigint' });
      where.push(`(created_at, id) < (${param(position.key)}::timestamptz, ${param(position.id)}::bigint)`);
    }
    return sql.rows<ApiCallLogRow>(
      this.dataSource,
      `SELECT ${LIST_COLUMNS} FROM api_call_log WHERE ${where.join(' AND ')} ORDER BY created_at DESC, api_call_log.id DESC LIMIT ${param(take)}`,
      params,
    );
  }
}

function toDto(row: ApiCallLogRow): ApiCallLogDto {
  return {
    id: row.id,
    externalSystem: row.external_system,
    operation: row.operation,
    method: row.method,
    path: row.path,
    query: row.query,
    status: row.status,
    durationMs: row.duration_ms,
    attempt: row.attempt,
    jobRunId: row.job_run_id,
    userId: row.user_id,
    userEmail: row.user_email,
    requestId: row.request_id,
    errorKey: row.error_key,
    errorMessage: row.error_message,
    decision: row.decision,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
