import { Injectable } from '@nestjs/common';
import type {
  Page,
  RunJobName,
  SyncRecordOutcome,
  SyncRunCounts,
  SyncRunDto,
  SyncRunRecordDto,
  SyncRunStatus,
  SyncTrigger,
} from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { decodeCursor, keysetPage } from '../../common/keyset-page';
import { sql } from '../../common/sql';
import { RecordOutcome, RunRecordRow, RunRow, toSyncRunDto, toSyncRunRecordDto } from './run.row';
import { assertTransition, statusesBefore } from './run-transitions';

/** A worker's hold on a run it claimed: only the owner may renew, save or settle the run. */
export interface RunLease {
  readonly runId: string;
  readonly owner: string;
}

/** What a job has achieved so far, saved together so a resumed run continues from a consistent point. */
export interface RunProgress {
  checkpoint: unknown;
  counts: SyncRunCounts;
  done: number;
  total: number | null;
  mode: string | null;
  notes: string[];
}

const ACTIVE = `status IN ('queued', 'running')`;
// CC calls of a run = its rows in the API log (every attempt of every replica that worked on it).
const API_CALLS = `(SELECT count(*)::int FROM api_call_log l WHERE l.job_run_id = r.id) AS api_calls`;
// The statuses each state change may start from, out of RUN_TRANSITIONS (read once: a table that lost a path throws at load).
const RESUMABLE = statusesBefore('queued');
const CLAIMABLE = statusesBefore('running');

/**
 * The run engine's tables, `sync_runs` (runs, doubling as the job queue: enqueue, claim, lease) and
 * `sync_run_records` (per-record outcomes). Every status change is a named method guarded by RUN_TRANSITIONS.
 */
@Injectable()
export class RunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run unless one is already active (then returns that one) or this schedule slot already ran. */
  async enqueue(
    job: RunJobName,
    trigger: SyncTrigger,
    triggeredBy: string | null,
    scheduleSlot: string | null,
    params: unknown = null,
  ): Promise<{ run: RunRow; created: boolean }> {
    // A paused run (connection or quota) is resumed rather than started afresh: its checkpoint is kept.
    const resumed = await this.resume(job);
    if (resumed) return { run: resumed, created: true };
    const inserted = await sql.one<RunRow>(
      this.dataSource,
      `INSERT INTO sync_runs (job, trigger, triggered_by, schedule_slot, status, params) VALUES ($1, $2, $3, $4, 'queued', $5)
       ON CONFLICT DO NOTHING RETURNING *`,
      [job, trigger, triggeredBy, scheduleSlot, params === null ? null : JSON.stringify(params)],
    );
    if (inserted) return { run: inserted, created: true };
    const active = await sql.one<RunRow>(this.dataSource, `SELECT * FROM sync_runs WHERE job = $1 AND ${ACTIVE}`, [job]);
    if (active) return { run: active, created: false };
    // The schedule slot was taken by another replica and has already finished.
    const slot = await sql.one<RunRow>(this.dataSource, `SELECT * FROM sync_runs WHERE job = $1 AND schedule_slot = $2`, [
      job,
      scheduleSlot,
    ]);
    return { run: slot!, created: false };
  }

  /** paused → queued: the job's latest paused run, unless another run of the job is active. Its checkpoint is kept. */
  async resume(job: RunJobName): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET status = 'queued', status_reason = NULL, resume_after = NULL
        WHERE id = (SELECT id FROM sync_runs WHERE job = $1 AND status = ANY($2::varchar[]) ORDER BY queued_at DESC LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM sync_runs WHERE job = $1 AND ${ACTIVE})
        RETURNING *`,
      [job, RESUMABLE],
    );
    return row ?? null;
  }

  /** Records a run that did not start, and why (e.g. the connection needs re-authorising). */
  async recordSkipped(
    job: RunJobName,
    trigger: SyncTrigger,
    triggeredBy: string | null,
    scheduleSlot: string | null,
    reason: string,
  ): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
      `INSERT INTO sync_runs (job, trigger, triggered_by, schedule_slot, status, status_reason, finished_at)
       VALUES ($1, $2, $3, $4, 'skipped', $5, now()) ON CONFLICT DO NOTHING RETURNING *`,
      [job, trigger, triggeredBy, scheduleSlot, reason],
    );
    return row ?? null;
  }

  /**
   * → running, for this worker: the oldest queued run, an abandoned one (its lease lapsed), or a paused one whose
   * wait is over. SKIP LOCKED: replicas claiming together each get a different run.
   */
  async claim(owner: string, leaseSeconds: number): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET status = 'running', owner = $1, heartbeat_at = now(), started_at = coalesce(started_at, now()),
              attempts = attempts + 1, status_reason = NULL, resume_after = NULL
        WHERE id = (
          SELECT id FROM sync_runs
           WHERE status = ANY($3::varchar[])
             AND (status = 'queued'
                  OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $2))
                  OR (status = 'paused' AND resume_after IS NOT NULL AND resume_after <= now()
                      AND NOT EXISTS (SELECT 1 FROM sync_runs other
                                       WHERE other.job = sync_runs.job AND other.status IN ('queued', 'running'))))
           ORDER BY queued_at
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
        RETURNING *`,
      [owner, leaseSeconds, CLAIMABLE],
    );
    return row ?? null;
  }

  /** Renews the lease; false when another worker has taken the run over (our lease had lapsed). */
  async heartbeat(lease: RunLease): Promise<boolean> {
    const updated = await sql.affected(
      this.dataSource,
      `UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1 AND owner = $2 AND status = 'running'`,
      [lease.runId, lease.owner],
    );
    return updated === 1;
  }

  /** Saves checkpoint, counts and progress (and renews the lease); false when the run is no longer ours. */
  async checkpoint(lease: RunLease, progress: RunProgress): Promise<boolean> {
    const updated = await sql.affected(
      this.dataSource,
      `UPDATE sync_runs SET checkpoint = $3, counts = $4, progress_done = $5, progress_total = $6, mode = $7, notes = $8,
              heartbeat_at = now()
        WHERE id = $1 AND owner = $2 AND status = 'running'`,
      [
        lease.runId,
        lease.owner,
        JSON.stringify(progress.checkpoint ?? null),
        JSON.stringify(progress.counts),
        progress.done,
        progress.total,
        progress.mode,
        JSON.stringify(progress.notes),
      ],
    );
    return updated === 1;
  }

  /** running → succeeded. False when the run is no longer ours. */
  complete(lease: RunLease): Promise<boolean> {
    return this.settle(lease, 'succeeded', null, null);
  }

  /** running → failed, with the reason shown on the run. False when the run is no longer ours. */
  fail(lease: RunLease, reason: string): Promise<boolean> {
    return this.settle(lease, 'failed', reason, null);
  }

  /**
   * running → paused, keeping its checkpoint: resumed when asked again, or claimed again after `resumeAfter`
   * (the quota's reset) when given. False when the run is no longer ours.
   */
  pause(lease: RunLease, reason: string, resumeAfter: Date | null = null): Promise<boolean> {
    return this.settle(lease, 'paused', reason, resumeAfter);
  }

  /** Adds per-record outcomes to a run. */
  async recordOutcomes(runId: string, records: RecordOutcome[]): Promise<void> {
    if (records.length === 0) return;
    await sql.affected(
      this.dataSource,
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

  /** Drops a run's recorded outcomes (a job that rebuilds them all from its own state, idempotently). */
  async clearOutcomes(runId: string): Promise<void> {
    await sql.affected(this.dataSource, `DELETE FROM sync_run_records WHERE run_id = $1`, [runId]);
  }

  async get(runId: string): Promise<RunRow | null> {
    return (await sql.one<RunRow>(this.dataSource, `SELECT r.*, ${API_CALLS} FROM sync_runs r WHERE r.id = $1`, [runId])) ?? null;
  }

  /** When the job's last successful run, and its last successful full run, started (null: never). */
  async lastSuccessfulStarts(job: RunJobName): Promise<{ lastSuccess: Date | null; lastFull: Date | null }> {
    const row = await sql.one<{ last_success: Date | null; last_full: Date | null }>(
      this.dataSource,
      `SELECT max(started_at) AS last_success, max(started_at) FILTER (WHERE mode = 'full') AS last_full
         FROM sync_runs WHERE job = $1 AND status = 'succeeded'`,
      [job],
    );
    return { lastSuccess: row?.last_success ?? null, lastFull: row?.last_full ?? null };
  }

  async active(job: RunJobName): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(this.dataSource, `SELECT r.*, ${API_CALLS} FROM sync_runs r WHERE r.job = $1 AND r.${ACTIVE}`, [job]);
    return row ?? null;
  }

  async latest(job: RunJobName): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
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
    const rows = await sql.rows<RunRow>(
      this.dataSource,
      `SELECT r.*, ${API_CALLS}, r.queued_at::text AS sort_key FROM sync_runs r WHERE ${where.join(' AND ')}
        ORDER BY r.queued_at DESC, r.id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return keysetPage(rows, filter.limit, (row) => ({ sort: 'runs', key: row.sort_key!, id: row.id }), toSyncRunDto);
  }

  async records(runId: string, filter: { outcome?: SyncRecordOutcome; cursor?: string; limit: number }): Promise<Page<SyncRunRecordDto>> {
    const params: unknown[] = [runId];
    const where = ['run_id = $1'];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.outcome) where.push(`outcome = ${param(filter.outcome)}`);
    if (filter.cursor) where.push(`id > ${param(decodeCursor(filter.cursor, 'records', { key: 'none', id: 'bigint' }).id)}::bigint`);
    const rows = await sql.rows<RunRecordRow>(
      this.dataSource,
      `SELECT id::text, outcome, reason, crm_contact_id, ctct_id, label, created_at FROM sync_run_records
        WHERE ${where.join(' AND ')} ORDER BY id LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    return keysetPage(rows, filter.limit, (row) => ({ sort: 'records', key: null, id: row.id }), toSyncRunRecordDto);
  }

  /**
   * Ends (or pauses) a run this worker holds. The statement only moves a run from a status RUN_TRANSITIONS
   * allows; when it moved nothing, the run is either no longer ours (false) or ours in a status that may not
   * change so (throws InvalidRunTransitionError).
   */
  private async settle(
    lease: RunLease,
    to: 'succeeded' | 'failed' | 'paused',
    reason: string | null,
    resumeAfter: Date | null,
  ): Promise<boolean> {
    const updated = await sql.affected(
      this.dataSource,
      `UPDATE sync_runs SET status = $3::varchar, status_reason = $4, resume_after = $5, owner = NULL,
              finished_at = CASE WHEN $3::varchar = 'paused' THEN NULL ELSE now() END
        WHERE id = $1 AND owner = $2 AND status = ANY($6::varchar[])`,
      [lease.runId, lease.owner, to, reason, resumeAfter, statusesBefore(to)],
    );
    if (updated === 1) return true;
    const held = await sql.one<{ status: SyncRunStatus }>(this.dataSource, `SELECT status FROM sync_runs WHERE id = $1 AND owner = $2`, [
      lease.runId,
      lease.owner,
    ]);
    if (held) assertTransition(held.status, to);
    return false;
  }
}
