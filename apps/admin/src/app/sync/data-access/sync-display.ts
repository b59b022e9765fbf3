import { SYNC_RECORD_OUTCOMES, type SyncJobName, type SyncRecordOutcome, type SyncRunDto, type SyncRunStatus, type SyncTrigger } from '@ctct/shared-types';

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

/** Words for the jobs' extra count keys; others are split from camelCase. */
const COUNT_LABELS: Record<string, string> = {
  optOuts: 'opt-outs',
  relinked: 're-linked',
  needs_review: 'need review',
  ctctDeleted: 'deleted in CC',
  onLinkedContacts: 'on linked contacts',
  onUnlinkedContacts: 'on unlinked contacts',
  alreadyImported: 'already imported',
};

export function countLabel(key: string): string {
  return COUNT_LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Outcomes every run shows, even at 0; `sent` (reached CC, unconfirmed), re-linked and needs review only when a run had some. */
const ALWAYS_SHOWN: readonly string[] = ['created', 'updated', 'linked', 'skipped', 'failed'];

export function shownOutcomes(counts: SyncRunDto['counts'] | undefined): SyncRecordOutcome[] {
  return SYNC_RECORD_OUTCOMES.filter((key) => ALWAYS_SHOWN.includes(key) || (counts?.[key] ?? 0) > 0);
}

/** The record outcomes first, then the job's own keys in the order the API gave them. */
export function orderedCounts(counts: SyncRunDto['counts']): { key: string; label: string; value: number }[] {
  const outcomes: readonly string[] = SYNC_RECORD_OUTCOMES;
  const keys = [...shownOutcomes(counts), ...Object.keys(counts).filter((key) => !outcomes.includes(key))];
  return keys.map((key) => ({ key, label: countLabel(key), value: counts[key] ?? 0 }));
}

const number = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return number.format(value);
}

/** "480 linked · 20 skipped · 3 failed"; "No changes" when everything is 0. */
export function countsSummary(counts: SyncRunDto['counts']): string {
  const parts = orderedCounts(counts)
    .filter((count) => count.value > 0)
    .map((count) => `${number.format(count.value)} ${count.label}`);
  return parts.length ? parts.join(' · ') : 'No changes';
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

/** "1,200 of 5,000 · 38/s"; "1,200 done" while the total is unknown. */
export function progressText(progress: SyncRunDto['progress']): string {
  const done = progress.total === null ? `${number.format(progress.done)} done` : `${number.format(progress.done)} of ${number.format(progress.total)}`;
  return progress.itemsPerSecond === null ? done : `${done} · ${number.format(Math.round(progress.itemsPerSecond))}/s`;
}

/** 0–100, or null for an indeterminate bar. */
export function progressPercent(progress: SyncRunDto['progress']): number | null {
  if (!progress.total) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}
