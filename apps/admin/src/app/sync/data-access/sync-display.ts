import { type SyncJobName, type SyncRecordOutcome, type SyncRunDto, type SyncRunStatus, type SyncTrigger } from '@ctct/shared-types';

/** Keyed by string: the run history also holds runs of other kinds (bulk memberships). */
export const JOB_LABELS: Readonly<Record<string, string>> = {
  lists: 'Lists',
  'link-contacts': 'Link contacts',
  activities: 'Engagement activities',
  'bulk-memberships': 'Bulk memberships',
};

export function jobLabel(job: string): string {
  return JOB_LABELS[job] ?? job;
}

export function statusLabel(status: SyncRunStatus): string {
  return STATUS_LABELS[status];
}

export function outcomeLabel(outcome: SyncRecordOutcome): string {
  return OUTCOME_LABELS[outcome];
}

export const JOB_DESCRIPTIONS: Record<SyncJobName, string> = {
  lists: 'Mirrors the Constant Contact lists: names, descriptions, member counts.',
  'link-contacts': 'Links CRM contacts to Constant Contact contacts by email and brings back opt-outs.',
  activities: 'Imports sends, opens, clicks, bounces and opt-outs of sent campaigns as Interactions.',
};

export const STATUS_LABELS: Record<SyncRunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  paused: 'Paused',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

export const TRIGGER_LABELS: Record<SyncTrigger, string> = { schedule: 'Schedule', manual: 'Manual' };

export const OUTCOME_LABELS: Record<SyncRecordOutcome, string> = {
  created: 'Created',
  updated: 'Updated',
  linked: 'Linked',
  sent: 'Sent, not confirmed',
  relinked: 'Re-linked',
  needs_review: 'Needs review',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** A run that is still going: the admin polls it. */
export function isActive(run: Pick<SyncRunDto, 'status'> | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

// Counter words live in shared/wording (the wizard and the results use the same).
export { countLabel, countsSummary, orderedCounts, shownOutcomes } from '../../shared/wording/run-counts';

const number = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return number.format(value);
}

/** "1 h 2 min", "3 min 5 s", "12 s", "0.4 s"; null when it has not started. */
export function runDuration(run: Pick<SyncRunDto, 'startedAt' | 'finishedAt'>, now: number = Date.now()): string | null {
  if (!run.startedAt) return null;
  const ms = (run.finishedAt ? new Date(run.finishedAt).getTime() : now) - new Date(run.startedAt).getTime();
  return formatDuration(Math.max(0, ms));
}

export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toString()} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "about 3 min left", "less than a minute left"; null when the total or the pace is not known yet. */
export function timeLeftText(progress: SyncRunDto['progress']): string | null {
  if (progress.total === null || !progress.itemsPerSecond || progress.itemsPerSecond <= 0) return null;
  const remaining = Math.max(0, progress.total - progress.done);
  if (remaining === 0) return null;
  const seconds = remaining / progress.itemsPerSecond;
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h ${minutes % 60} min left`;
}

/** "1,200 of 5,000 · 38/s · about 2 min left"; "1,200 done" while the total is unknown. */
export function progressText(progress: SyncRunDto['progress']): string {
  const done =
    progress.total === null
      ? `${number.format(progress.done)} done`
      : `${number.format(progress.done)} of ${number.format(progress.total)}`;
  if (progress.itemsPerSecond === null) return done;
  const left = timeLeftText(progress);
  return `${done} · ${number.format(Math.round(progress.itemsPerSecond))}/s${left ? ` · ${left}` : ''}`;
}

/** 0–100, or null for an indeterminate bar. */
export function progressPercent(progress: SyncRunDto['progress']): number | null {
  if (!progress.total) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}
