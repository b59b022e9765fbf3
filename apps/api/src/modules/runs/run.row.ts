import type {
  RunAction,
  RunJobName,
  RunPauseCause,
  SyncRecordOutcome,
  SyncRunCounts,
  SyncRunDto,
  SyncRunRecordDto,
  SyncRunStatus,
  SyncTrigger,
} from '@ctct/shared-types';

/** A `sync_runs` row (migration 1763856500000, `params` added by 1763856800000, the lifecycle columns by 1764100000000). */
export interface RunRow {
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
  triggered_by?: string | null;
  pause_cause?: RunPauseCause | null;
  paused_at?: Date | null;
  outage_pauses?: number;
  cancel_requested_at?: Date | null;
  /** Read models only: the run's rows in the API log. */
  api_calls?: number;
  /** Read models only: the keyset position. */
  sort_key?: string;
}

/** A `sync_run_records` row as read back (id as text: bigserial). */
export interface RunRecordRow {
  id: string;
  outcome: SyncRecordOutcome;
  reason: string | null;
  crm_contact_id: string | null;
  ctct_id: string | null;
  label: string | null;
  created_at: Date;
}

/** What a job records about one record it handled (a `sync_run_records` row to be). */
export interface RecordOutcome {
  outcome: SyncRecordOutcome;
  reason?: string | null;
  crmContactId?: string | null;
  ctctId?: string | null;
  label?: string | null;
  /**
   * Names the record within its run, for a record refined as the run goes (a contact sent, then created): the
   * same key updates the one record. Without a key every outcome is a new record.
   */
  key?: string | null;
}

/** What an admin may do with a run in this status (the transitions RUN_TRANSITIONS allows them). */
export function runActions(row: Pick<RunRow, 'status' | 'cancel_requested_at'>): RunAction[] {
  switch (row.status) {
    case 'paused':
      return ['resume', 'cancel'];
    case 'failed':
      return ['retry'];
    case 'queued':
      return ['cancel'];
    case 'running':
      return row.cancel_requested_at ? [] : ['cancel'];
    default:
      return [];
  }
}

export function toSyncRunDto(row: RunRow): SyncRunDto {
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
    pauseCause: row.status === 'paused' ? (row.pause_cause ?? null) : null,
    resumeAfter: row.status === 'paused' && row.resume_after ? new Date(row.resume_after).toISOString() : null,
    cancelRequested: Boolean(row.cancel_requested_at) && row.status === 'running',
    actions: runActions(row),
  };
}

export function toSyncRunRecordDto(row: RunRecordRow): SyncRunRecordDto {
  return {
    id: row.id,
    outcome: row.outcome,
    reason: row.reason,
    crmContactId: row.crm_contact_id,
    ctctId: row.ctct_id,
    label: row.label,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
