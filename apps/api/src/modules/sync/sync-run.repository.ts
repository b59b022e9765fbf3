import { Injectable } from '@nestjs/common';
import type { Page, RunJobName, SyncRecordOutcome, SyncRunCounts, SyncRunDto, SyncRunRecordDto, SyncRunStatus, SyncTrigger } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../common/keyset-cursor';

export interface SyncRunRow {
  id: string;
  job: RunJobName;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  status_reason: string | null;
  mode: string | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  resume_after: Date | null;
  owner: string | null;
  attempts: number;
  checkpoint: unknown;
  counts: SyncRunCounts;
  progress_done: number;
  progress_total: number | null;
  notes: string[];
  params?: unknown;
  api_calls?: number;
  sort_key?: string;
}

export interface RecordOutcome {
  outcome: SyncRecordOutcome;
  reason?: string | null;
  crmContactId?: string | null;
  ctctId?: string | null;
  label?: string | null;
}

const ACTIVE = `status IN ('queued', 'running')`;
// CC calls of a run = its rows in the API log (every attempt of every replica that worked on it).
const API_CALLS = `(SELECT count(*)::int FROM api_call_log l WHERE l.job_run_id = r.id) AS api_calls`;

/** The SQL of sync runs: the queue (enqueue, claim, lease), the run's state, and reading runs back. */
@Injectable()
export class SyncRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run unless one is already active (then returns that one) or this schedule slot already ran. */
  async enqueue(
    job: RunJobName,
    trigger: SyncTrigger,
    triggeredBy: string | null,
    scheduleSlot: string | null,
    params: unknown = null,
  ): Promise<{ run: SyncRunRow; created: boolean }> {
    // A paused run (connection or quota) is resumed rather than started afresh: its checkpoint is kept.
    const [resumed] = await this.dataSource
      .query(
        `UPDATE sync_runs SET status = 'queued', status_reason = NULL, resume_after = NULL
          WHERE id = (SELECT id FROM sync_runs WHERE job = $1 AND status = 'paused' ORDER BY queued_at DESC LIMIT 1)
            AND NOT EXISTS (SELECT 1 FROM sync_runs WHERE job = $1 AND ${ACTIVE})
          RETURNING *`,
        [job],
      )
      .then((result: [SyncRunRow[], number]) => result[0]);
    if (resumed) return { run: resumed, created: true };
    const [inserted] = await this.dataSource.query(
      `INSERT INTO sync_runs (job, trigger, triggered_by, schedule_slot, status, params) VALUES ($1, $2, $3, $4, 'queued', $5)
       ON CONFLICT DO NOTHING RETURNING *`,
      [job, trigger, triggeredBy, scheduleSlot, params === null ? null : JSON.stringify(params)],
    );
    if (inserted) return { run: inserted, created: true };
    const [active] = await this.dataSource.query(`SELECT * FROM sync_runs WHERE job = $1 AND ${ACTIVE}`, [job]);
    if (active) return { run: active, created: false };
    // The schedule slot was taken by another replica and has already finished.
    const [slot] = await this.dataSource.query(`SELECT * FROM sync_runs WHERE job = $1 AND schedule_slot = $2`, [job, scheduleSlot]);
    return { run: slot, created: false };
  }

  /** Records a run that did not start, and why (e.g. the connection needs re-authorising). */
  async recordSkipped(job: RunJobName, trigger: SyncTrigger, triggeredBy: string | null, scheduleSlot: string | null, reason: string): Promise<SyncRunRow | null> {
    const [row] = await this.dataSource.query(
      `INSERT INTO sync_runs (job, trigger, triggered_by, schedule_slot, status, status_reason, finished_at)
       VALUES ($1, $2, $3, $4, 'skipped', $5, now()) ON CONFLICT DO NOTHING RETURNING *`,
      [job, trigger, triggeredBy, scheduleSlot, reason],
    );
    return row ?? null;
  }

  /** Takes the oldest queued run, an abandoned one (stale heartbeat), or a paused one whose wait is over. */
  async claimNext(owner: string, leaseSeconds: number): Promise<SyncRunRow | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE sync_runs SET status = 'running', owner = $1, heartbeat_at = now(), started_at = coalesce(started_at, now()),
              attempts = attempts + 1, status_reason = NULL, resume_after = NULL
        WHERE id = (
          SELECT id FROM sync_runs
           WHERE status = 'queued'
              OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $2))
              OR (status = 'paused' AND resume_after IS NOT NULL AND resume_after <= now()
                  AND NOT EXISTS (SELECT 1 FROM sync_runs other WHERE other.job = sync_runs.job AND other.status IN ('queued', 'running')))
           ORDER BY queued_at
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
        RETURNING *`,
      [owner, leaseSeconds],
    );
    return rows[0] ?? null;
  }

  /** Renews the lease; false when another worker has taken the run over (our lease had lapsed). */
  async heartbeat(runId: string, owner: string): Promise<boolean> {
    const [, updated] = await this.dataSource.query(
      `UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1 AND owner = $2 AND status = 'running'`,
      [runId, owner],
    );
    return updated === 1;
  }

  /** Saves progress; only the owning worker may. Returns false when the run is no longer ours. */
  async saveProgress(
    runId: string,
    owner: string,
    state: { checkpoint: unknown; counts: SyncRunCounts; done: number; total: number | null; mode: string | null; notes: string[] },
  ): Promise<boolean> {
    const [, updated] = await this.dataSource.query(
      `UPDATE sync_runs SET checkpoint = $3, counts = $4, progress_done = $5, progress_total = $6, mode = $7, notes = $8, heartbeat_at = now()
        WHERE id = $1 AND owner = $2 AND status = 'running'`,
      [runId, owner, JSON.stringify(state.checkpoint ?? null), JSON.stringify(state.counts), state.done, state.total, state.mode, JSON.stringify(state.notes)],
    );
    return updated === 1;
  }

  async finish(runId: string, owner: string, status: 'succeeded' | 'failed' | 'paused', reason: string | null, resumeAfter: Date | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sync_runs SET status = $3::varchar, status_reason = $4, resume_after = $5, owner = NULL,
              finished_at = CASE WHEN $3::varchar = 'paused' THEN NULL ELSE now() END
        WHERE id = $1 AND owner = $2`,
      [runId, owner, status, reason, resumeAfter],
    );
  }

  async addRecords(runId: string, records: RecordOutcome[]): Promise<void> {
    if (records.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO sync_run_records (run_id, outcome, reason, crm_contact_id, ctct_id, label)
       SELECT $1, * FROM unnest($2::varchar[], $3::text[], $4::uuid[], $5::varchar[], $6::text[])`,
      [
        runId,
        records.map((record) => record.outcome),
        records.map((record) => record.reason ?? null),
        records.map((record) => record.crmContactId ?? null),
        records.map((record) => record.ctctId ?? null),
        records.map((record) => record.label ?? null),
      ],
    );
  }

  async get(runId: string): Promise<SyncRunRow | null> {
    const [row] = await this.dataSource.query(`SELECT r.*, ${API_CALLS} FROM sync_runs r WHERE r.id = $1`, [runId]);
    return row ?? null;
  }

  async lastSucceeded(job: RunJobName): Promise<SyncRunRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT * FROM sync_runs WHERE job = $1 AND status = 'succeeded' ORDER BY started_at DESC LIMIT 1`,
      [job],
    );
    return row ?? null;
  }

  async active(job: RunJobName): Promise<SyncRunRow | null> {
    const [row] = await this.dataSource.query(`SELECT r.*, ${API_CALLS} FROM sync_runs r WHERE r.job = $1 AND r.${ACTIVE}`, [job]);
    return row ?? null;
  }

  async latest(job: RunJobName): Promise<SyncRunRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT r.*, ${API_CALLS} FROM sync_runs r WHERE r.job = $1 AND NOT r.${ACTIVE} ORDER BY r.queued_at DESC LIMIT 1`,
      [job],
    );
    return row ?? null;
  }

  async list(filter: { job?: RunJobName; status?: SyncRunStatus; cursor?: string; limit: number }): Promise<Page<SyncRunDto>> {
    const params: unknown[] = [];
    const where: string[] = ['true'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.job) where.push(`r.job = ${param(filter.job)}`);
    if (filter.status) where.push(`r.status = ${param(filter.status)}`);
    if (filter.cursor) {
      const position = decodeCursor(filter.cursor, 'runs', { key: 'timestamp', id: 'uuid' });
      where.push(`(r.queued_at, r.id) < (${param(position.key)}::timestamptz, ${param(position.id)}::uuid)`);
    }
    const rows: SyncRunRow[] = await this.dataSource.query(
      `SELECT r.*, ${API_CALLS}, r.queued_at::text AS sort_key FROM sync_runs r WHERE ${where.join(' AND ')}
        ORDER BY r.queued_at DESC, r.id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, filter.limit);
    const last = items.at(-1);
    return {
      items: items.map(toSyncRunDto),
      nextCursor: rows.length > filter.limit && last ? encodeCursor({ sort: 'runs', key: last.sort_key!, id: last.id }) : null,
    };
  }

  async records(runId: string, filter: { outcome?: SyncRecordOutcome; cursor?: string; limit: number }): Promise<Page<SyncRunRecordDto>> {
    const params: unknown[] = [runId];
    const where = ['run_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.outcome) where.push(`outcome = ${param(filter.outcome)}`);
    if (filter.cursor) where.push(`id > ${param(decodeCursor(filter.cursor, 'records', { key: 'none', id: 'bigint' }).id)}::bigint`);
    const rows: Array<{ id: string; outcome: SyncRecordOutcome; reason: string | null; crm_contact_id: string | null; ctct_id: string | null; label: string | null; created_at: Date }> =
      await this.dataSource.query(
        `SELECT id::text, outcome, reason, crm_contact_id, ctct_id, label, created_at FROM sync_run_records
          WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${param(filter.limit + 1)}`,
        params,
      );
    const items = rows.slice(0, filter.limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
        id: row.id,
        outcome: row.outcome,
        reason: row.reason,
        crmContactId: row.crm_contact_id,
        ctctId: row.ctct_id,
        label: row.label,
        createdAt: new Date(row.created_at).toISOString(),
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor({ sort: 'records', key: null, id: last.id }) : null,
    };
  }
}

export function toSyncRunDto(row: SyncRunRow): SyncRunDto {
  const started = row.started_at ? new Date(row.started_at).getTime() : null;
  const end = row.finished_at ? new Date(row.finished_at).getTime() : Date.now();
  const seconds = started ? Math.max(0.001, (end - started) / 1000) : null;
  return {
    id: row.id,
    job: row.job,
    trigger: row.trigger,
    status: row.status,
    statusReason: row.status_reason,
    mode: row.mode,
    queuedAt: new Date(row.queued_at).toISOString(),
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    counts: row.counts,
    apiCalls: Number(row.api_calls ?? 0),
    progress: {
      done: row.progress_done,
      total: row.progress_total,
      itemsPerSecond: seconds && row.progress_done ? Math.round((row.progress_done / seconds) * 10) / 10 : null,
    },
    notes: row.notes ?? [],
    attempts: row.attempts,
  };
}
