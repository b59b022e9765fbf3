export const SYNC_JOBS = ['lists', 'link-contacts', 'activities'] as const;
export type SyncJobName = (typeof SYNC_JOBS)[number];

/** Every kind of run in the run history: the scheduled syncs and the bulk membership runs. */
export const RUN_JOBS = [...SYNC_JOBS, 'bulk-memberships'] as const;
export type RunJobName = (typeof RUN_JOBS)[number];

export const SYNC_TRIGGERS = ['schedule', 'manual'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

/**
 * queued → running → succeeded | failed | paused (resumable) | cancelled; skipped = never started, with the reason.
 * A failed run can be retried from its checkpoint; a queued, running or paused one cancelled (what was done is kept).
 */
export const SYNC_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'paused', 'cancelled', 'skipped'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** Why a run is paused; each cause goes away by itself (reconnect, the quota's or the share's reset, CC answering again). */
export const RUN_PAUSE_CAUSES = ['connection', 'quota', 'share', 'outage'] as const;
export type RunPauseCause = (typeof RUN_PAUSE_CAUSES)[number];

/** What an admin may do with a run in its current status (the API lists them on each run). */
export const RUN_ACTIONS = ['resume', 'retry', 'cancel'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

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
  /** Why it is paused (null unless paused). */
  pauseCause: RunPauseCause | null;
  /** When a paused run resumes by itself (the quota's reset, the next outage retry); null: when its cause is gone. */
  resumeAfter: string | null;
  /** Cancel was asked while it runs: it stops after the call in progress. */
  cancelRequested: boolean;
  /** Resume (paused), Retry (failed), Cancel (queued, running, paused). */
  actions: RunAction[];
}

/**
 * What a run did with one record. `relinked`: the CRM contact's CC contact was deleted or vanished and it now follows
 * the live CC contact with the same email key. `needs_review`: nothing was linked because the match is ambiguous (two
 * CC or two CRM contacts share the key, or the addresses are equal only after a folding CC may not make); the reason
 * names both sides. `sent`: the request reached Constant Contact, whose result the run has not confirmed yet (it stopped first).
 */
export const SYNC_RECORD_OUTCOMES = ['created', 'updated', 'linked', 'relinked', 'needs_review', 'sent', 'skipped', 'failed'] as const;
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
