export const SYNC_JOBS = ['lists', 'link-contacts', 'activities'] as const;
export type SyncJobName = (typeof SYNC_JOBS)[number];

/** Every kind of run in the run history: the scheduled syncs and the bulk membership runs. */
export const RUN_JOBS = [...SYNC_JOBS, 'bulk-memberships'] as const;
export type RunJobName = (typeof RUN_JOBS)[number];

export const SYNC_TRIGGERS = ['schedule', 'manual'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

/** queued → running → succeeded | failed | paused (connection or quota; resumable) ; skipped = never started, with the reason. */
export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'paused', 'skipped'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

export interface SyncRunCounts {
  created: number;
  updated: number;
  linked: number;
  skipped: number;
  failed: number;
  [extra: string]: number;
}

export interface SyncRunDto {
  id: string;
  job: RunJobName;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  /** Why it paused, failed or was skipped. */
  statusReason: string | null;
  /** full / incremental for the link job; null otherwise. */
  mode: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  counts: SyncRunCounts;
  /** CC calls this run made (every attempt), from the API log. */
  apiCalls: number;
  progress: { done: number; total: number | null; itemsPerSecond: number | null };
  /** Things a user should know that are not failures, e.g. campaign kinds the API does not report. */
  notes: string[];
  /** How many times the run was (re)started: > 1 means it resumed after a crash or a pause. */
  attempts: number;
}

/**
 * What a run did with one record. `relinked`: the CRM contact's CC contact was deleted or vanished and it now follows
 * the live CC contact with the same email key. `needs_review`: nothing was linked because the match is ambiguous (two
 * CC or two CRM contacts share the key, or the addresses are equal only after a folding CC may not make); the reason
 * names both sides.
 */
export const SYNC_RECORD_OUTCOMES = ['created', 'updated', 'linked', 'relinked', 'needs_review', 'skipped', 'failed'] as const;
export type SyncRecordOutcome = (typeof SYNC_RECORD_OUTCOMES)[number];

export interface SyncRunRecordDto {
  id: string;
  outcome: SyncRecordOutcome;
  reason: string | null;
  crmContactId: string | null;
  ctctId: string | null;
  label: string | null;
  createdAt: string;
}

export interface SyncJobStatusDto {
  job: SyncJobName;
  /** Cron expression (UTC) from Settings. */
  schedule: string;
  nextRunAt: string | null;
  activeRun: SyncRunDto | null;
  lastRun: SyncRunDto | null;
}

export interface CtctListDto {
  listId: string;
  name: string;
  description: string | null;
  membershipCount: number | null;
  status: 'active' | 'deleted';
  updatedAt: string | null;
}
