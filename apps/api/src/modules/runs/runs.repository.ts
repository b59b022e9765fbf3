import { Injectable } from '@nestjs/common';
import type {
  Page,
  RunJobName,
  RunPauseCause,
  SyncRecordOutcome,
  SyncRunCounts,
  SyncRunDto,
  SyncRunRecordDto,
  SyncRunStatus,
  SyncTrigger,
} from '@ctct/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { decodeCursor, keysetPage } from '../../common/keyset-page';
import { Db, sql } from '../../common/sql';
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

/** What `checkpoint` found besides saving: whether the run is still ours, and whether Cancel was asked meanwhile. */
export interface CheckpointResult {
  owned: boolean;
  cancelRequested: boolean;
}

/** The job's own writes for a batch, run inside the checkpoint's transaction; may return the batch's outcomes. */
export type CheckpointWork = (tx: EntityManager) => Promise<RecordOutcome[] | void>;

const ACTIVE = `status IN ('queued', 'running')`;
// CC calls of a run = its rows in the API log (every attempt of every replica that worked on it).
const API_CALLS = `(SELECT count(*)::int FROM api_call_log l WHERE l.job_run_id = r.id) AS api_calls`;
// The statuses each state change may start from, out of RUN_TRANSITIONS (read once: a table that lost a path throws at load).
const CLAIMABLE = statusesBefore('running');
// Resume and Retry both re-queue, each from its own status; the table must allow both.
for (const from of ['paused', 'failed'] as const) assertTransition(from, 'queued');
// Cancel ends a run that has not started or is paused at once; a running one stops at its next call.
const CANCEL_AT_ONCE = statusesBefore('cancelled').filter((status) => status !== 'running');
assertTransition('running', 'cancelled');
const NO_OTHER_ACTIVE = `NOT EXISTS (SELECT 1 FROM sync_runs other WHERE other.job = sync_runs.job AND other.id <> sync_runs.id
                                       AND other.status IN ('queued', 'running'))`;

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

  /** The job's paused run (there is at most one: a new request resumes it or is refused), or null. */
  async pausedRun(job: RunJobName): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
      `SELECT * FROM sync_runs WHERE job = $1 AND status = 'paused' ORDER BY queued_at DESC LIMIT 1`,
      [job],
    );
    return row ?? null;
  }

  /** paused → queued (Resume, or its cause went away), unless another run of the job is active. Its checkpoint is kept. */
  async resume(runId: string): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET status = 'queued', status_reason = NULL, resume_after = NULL, pause_cause = NULL, paused_at = NULL
        WHERE id = $1 AND status = 'paused' AND ${NO_OTHER_ACTIVE}
        RETURNING *`,
      [runId],
    );
    return row ?? null;
  }

  /** paused → queued for every run paused for this cause (e.g. the connection, once reconnected). */
  async resumePausedFor(cause: RunPauseCause): Promise<RunRow[]> {
    return sql.rows<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET status = 'queued', status_reason = NULL, resume_after = NULL, pause_cause = NULL, paused_at = NULL
        WHERE status = 'paused' AND pause_cause = $1 AND ${NO_OTHER_ACTIVE}
        RETURNING *`,
      [cause],
    );
  }

  /** failed → queued (Retry): it resumes from its checkpoint, its records kept. Null when another run of the job is active. */
  async retry(runId: string): Promise<RunRow | null> {
    const row = await sql.one<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET status = 'queued', status_reason = NULL, finished_at = NULL, outage_pauses = 0
        WHERE id = $1 AND status = 'failed' AND ${NO_OTHER_ACTIVE}
        RETURNING *`,
      [runId],
    );
    return row ?? null;
  }

  /**
   * Cancel: a queued or paused run becomes cancelled at once; a running one is flagged and its worker stops it
   * after the call in progress (JobContext checks between calls). Null when the run has ended already.
   */
  async cancel(runId: string, userId: string | null, reason: string): Promise<RunRow | null> {
    const now = await sql.one<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET status = 'cancelled', status_reason = $3, finished_at = now(), owner = NULL, resume_after = NULL,
              cancel_requested_at = now(), cancel_requested_by = $2
        WHERE id = $1 AND status = ANY($4::varchar[])
        RETURNING *`,
      [runId, userId, reason, CANCEL_AT_ONCE],
    );
    if (now) return now;
    const flagged = await sql.one<RunRow>(
      this.dataSource,
      `UPDATE sync_runs SET cancel_requested_at = coalesce(cancel_requested_at, now()),
              cancel_requested_by = coalesce(cancel_requested_by, $2)
        WHERE id = $1 AND status = 'running'
        RETURNING *`,
      [runId, userId],
    );
    return flagged ?? null;
  }

  /** Whether Cancel was asked for this run (read between calls by its job). */
  async cancelRequested(runId: string): Promise<boolean> {
    const row = await sql.one<{ requested: boolean }>(
      this.dataSource,
      `SELECT cancel_requested_at IS NOT NULL AS requested FROM sync_runs WHERE id = $1`,
      [runId],
    );
    return row?.requested ?? false;
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
              attempts = attempts + 1, status_reason = NULL, resume_after = NULL, pause_cause = NULL, paused_at = NULL
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

  /**
   * Saves checkpoint, counts and progress (and renews the lease) together with the batch's outcomes and the
   * job's own writes for it (`work`), in one transaction: a crash never leaves a batch's outcomes without its
   * checkpoint, or the reverse. When the run is no longer ours nothing is written (owned: false).
   */
  async checkpoint(
    lease: RunLease,
    progress: () => RunProgress,
    batch: { records: RecordOutcome[]; clearRecords?: boolean; work?: CheckpointWork; progressed?: boolean } = { records: [] },
  ): Promise<CheckpointResult> {
    const lost = Symbol('lost');
    try {
      return await this.dataSource.transaction(async (tx) => {
        const produced = batch.work ? await batch.work(tx) : undefined;
        // Read after `work`: the job may have counted what its writes did.
        const saved = progress();
        const row = await sql.one<{ cancel_requested: boolean }>(
          tx,
          `UPDATE sync_runs SET checkpoint = $3, counts = $4, progress_done = $5, progress_total = $6, mode = $7, notes = $8,
                  heartbeat_at = now(), outage_pauses = CASE WHEN $9 THEN 0 ELSE outage_pauses END
            WHERE id = $1 AND owner = $2 AND status = 'running'
            RETURNING cancel_requested_at IS NOT NULL AS cancel_requested`,
          [
            lease.runId,
            lease.owner,
            JSON.stringify(saved.checkpoint ?? null),
            JSON.stringify(saved.counts),
            saved.done,
            saved.total,
            saved.mode,
            JSON.stringify(saved.notes),
            // A job's own save follows a call CC answered: the outage, if any, is over. The worker's flush proves nothing.
            batch.progressed ?? true,
          ],
        );
        if (!row) throw lost;
        if (batch.clearRecords) await sql.affected(tx, `DELETE FROM sync_run_records WHERE run_id = $1`, [lease.runId]);
        await this.writeOutcomes(tx, lease.runId, [...batch.records, ...(produced ?? [])]);
        return { owned: true, cancelRequested: row.cancel_requested };
      });
    } catch (error) {
      if (error === lost) return { owned: false, cancelRequested: false };
      throw error;
    }
  }

  /** running → succeeded. False when the run is no longer ours. */
  complete(lease: RunLease): Promise<boolean> {
    return this.settle(lease, 'succeeded', null, null, null);
  }

  /** running → failed, with the reason shown on the run. False when the run is no longer ours. */
  fail(lease: RunLease, reason: string): Promise<boolean> {
    return this.settle(lease, 'failed', reason, null, null);
  }

  /**
   * running → paused, keeping its checkpoint, with why (`cause`): resumed when its cause is gone (a reconnect),
   * by Resume, or claimed again after `resumeAfter` (the quota's reset, the next outage retry) when given.
   * False when the run is no longer ours.
   */
  pause(lease: RunLease, reason: string, resumeAfter: Date | null, cause: RunPauseCause): Promise<boolean> {
    return this.settle(lease, 'paused', reason, resumeAfter, cause);
  }

  /** running → cancelled, once its job stopped after Cancel; what it did (checkpoint, records) is kept. */
  cancelled(lease: RunLease, reason: string): Promise<boolean> {
    return this.settle(lease, 'cancelled', reason, null, null);
  }

  /** How many outage pauses in a row this run has had (0 after any progress): the next wait grows with it. */
  async outagePauses(runId: string): Promise<number> {
    const row = await sql.one<{ outage_pauses: number }>(this.dataSource, `SELECT outage_pauses FROM sync_runs WHERE id = $1`, [runId]);
    return row?.outage_pauses ?? 0;
  }

  /** Paused runs that have waited longer than `minutes` (alerts). */
  async pausedLongerThan(minutes: number): Promise<RunRow[]> {
    return sql.rows<RunRow>(
      this.dataSource,
      `SELECT * FROM sync_runs WHERE status = 'paused' AND paused_at < now() - make_interval(mins => $1) ORDER BY paused_at`,
      [minutes],
    );
  }

  /**
   * Failed runs of the last `days` that still matter: not retried, and (for a scheduled job) no later run of the
   * same job succeeded since (alerts).
   */
  async unresolvedFailures(days: number): Promise<RunRow[]> {
    return sql.rows<RunRow>(
      this.dataSource,
      `SELECT * FROM sync_runs r
        WHERE r.status = 'failed' AND r.finished_at > now() - make_interval(days => $1)
          AND NOT EXISTS (SELECT 1 FROM sync_runs later WHERE later.job = r.job AND later.status = 'succeeded'
                            AND later.queued_at > r.queued_at AND r.job <> 'bulk-memberships')
        ORDER BY r.finished_at`,
      [days],
    );
  }

  /**
   * Writes outcomes (inside the caller's transaction: the checkpoint's). A record with a key replaces the run's
   * earlier record under that key (its outcome refined as the run went on); one without is added.
   */
  private async writeOutcomes(db: Db, runId: string, records: RecordOutcome[]): Promise<void> {
    for (let start = 0; start < records.length; start += 5_000) {
      const batch = records.slice(start, start + 5_000);
      await sql.affected(
        db,
        `INSERT INTO sync_run_records (run_id, outcome, reason, crm_contact_id, ctct_id, label, record_key)
         SELECT $1, * FROM unnest($2::varchar[], $3::text[], $4::uuid[], $5::varchar[], $6::text[], $7::varchar[])
         ON CONFLICT (run_id, record_key) WHERE record_key IS NOT NULL
         DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, crm_contact_id = excluded.crm_contact_id,
                       ctct_id = excluded.ctct_id, label = excluded.label, created_at = now()`,
        [
          runId,
          batch.map((record) => record.outcome),
          batch.map((record) => record.reason ?? null),
          batch.map((record) => record.crmContactId ?? null),
          batch.map((record) => record.ctctId ?? null),
          batch.map((record) => record.label ?? null),
          batch.map((record) => record.key ?? null),
        ],
      );
    }
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
    to: 'succeeded' | 'failed' | 'paused' | 'cancelled',
    reason: string | null,
    resumeAfter: Date | null,
    cause: RunPauseCause | null,
  ): Promise<boolean> {
    const updated = await sql.affected(
      this.dataSource,
      `UPDATE sync_runs SET status = $3::varchar, status_reason = $4, resume_after = $5, owner = NULL,
              finished_at = CASE WHEN $3::varchar = 'paused' THEN NULL ELSE now() END,
              pause_cause = $7::varchar, paused_at = CASE WHEN $3::varchar = 'paused' THEN now() END,
              outage_pauses = CASE WHEN $7::varchar = 'outage' THEN outage_pauses + 1
                                   WHEN $3::varchar = 'succeeded' THEN 0 ELSE outage_pauses END
        WHERE id = $1 AND owner = $2 AND status = ANY($6::varchar[])`,
      [lease.runId, lease.owner, to, reason, resumeAfter, statusesBefore(to), cause],
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
