import {
  BULK_OUTCOME_LABELS,
  type BulkOutcome,
  type BulkPreviewDto,
  type SyncRecordOutcome,
  type SyncRunDto,
  type SyncRunStatus,
} from '@ctct/shared-types';

const number = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return number.format(value);
}

export interface OutcomeGroup {
  key: 'added' | 'unchanged' | 'skipped';
  title: string;
  outcomes: BulkOutcome[];
}

/** The preview's outcomes as the user thinks of them: what the run adds, what is already there, what it leaves out. */
export const OUTCOME_GROUPS: OutcomeGroup[] = [
  { key: 'added', title: 'Will be added to the list', outcomes: ['create', 'add_linked', 'link_and_add'] },
  { key: 'unchanged', title: 'No change', outcomes: ['already_member'] },
  {
    key: 'skipped',
    title: 'Skipped',
    outcomes: [
      'skip_no_email',
      'skip_invalid_email',
      'skip_refused_by_ctct',
      'skip_needs_review',
      'skip_do_not_email',
      'skip_unsubscribed',
      'skip_deleted_in_ctct',
      'skip_duplicate_email',
    ],
  },
];

export function outcomeLabel(outcome: BulkOutcome): string {
  return BULK_OUTCOME_LABELS[outcome];
}

export function groupTotal(preview: BulkPreviewDto, group: OutcomeGroup): number {
  return group.outcomes.reduce((sum, outcome) => sum + (preview.counts[outcome] ?? 0), 0);
}

/** "≈ 41 calls of 8,766 left today". */
export function apiCallsText(apiCalls: BulkPreviewDto['apiCalls']): string {
  return `≈ ${formatCount(apiCalls.estimate)} ${apiCalls.estimate === 1 ? 'call' : 'calls'} of ${formatCount(apiCalls.remainingToday)} left today`;
}

const BREAKDOWN_LABELS: Record<keyof BulkPreviewDto['apiCalls']['breakdown'], string> = {
  createList: 'new list',
  imports: 'imports',
  addMemberships: 'membership additions',
  readBackCreated: 'read-back of new contacts',
  polling: 'progress checks',
};

/** The non-zero parts of the estimate, e.g. { label: "imports", value: 1 }. */
export function breakdownParts(breakdown: BulkPreviewDto['apiCalls']['breakdown']): { label: string; value: number }[] {
  return (Object.keys(BREAKDOWN_LABELS) as (keyof typeof BREAKDOWN_LABELS)[])
    .filter((key) => breakdown[key] > 0)
    .map((key) => ({ label: BREAKDOWN_LABELS[key], value: breakdown[key] }));
}

export function isActive(run: Pick<SyncRunDto, 'status'> | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

export const RUN_STATUS_TEXT: Record<SyncRunStatus, string> = {
  queued: 'Queued: starting in a moment…',
  running: 'Running…',
  succeeded: 'Succeeded',
  failed: 'Failed',
  paused: 'Paused',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

/** "123 of 600 · 41/s"; "Preparing…" until the run knows its total. */
export function progressText(progress: SyncRunDto['progress']): string {
  if (progress.total === null) return progress.done > 0 ? `${formatCount(progress.done)} done` : 'Preparing…';
  const rate = progress.itemsPerSecond ? ` · ${formatCount(Math.round(progress.itemsPerSecond))}/s` : '';
  return `${formatCount(progress.done)} of ${formatCount(progress.total)}${rate}`;
}

/** 0..100, or null while the total is unknown (an indeterminate bar). */
export function progressPercent(progress: SyncRunDto['progress']): number | null {
  if (progress.total === null) return null;
  if (progress.total === 0) return 100;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

/** The results tabs, in this order. */
export const RESULT_OUTCOMES: SyncRecordOutcome[] = ['created', 'linked', 'updated', 'sent', 'needs_review', 'skipped', 'failed'];

export const RESULT_LABELS: Record<SyncRecordOutcome, string> = {
  created: 'Created',
  linked: 'Linked',
  relinked: 'Re-linked',
  updated: 'Updated',
  sent: 'Sent, not confirmed',
  needs_review: 'Needs review',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** What each record outcome means for a bulk run (the API records add_linked as "updated"). */
export const RESULT_DESCRIPTIONS: Record<SyncRecordOutcome, string> = {
  created: 'Created in Constant Contact and added to the list.',
  linked: 'Found in Constant Contact by email, linked, and added to the list.',
  relinked: 'Linked to the Constant Contact contact re-created under a new id.',
  updated: 'Already linked; added to the list.',
  sent: 'Sent to Constant Contact before the run stopped; CC had not confirmed them yet.',
  needs_review: 'Left out: the match in Constant Contact is ambiguous; the reason names both sides.',
  skipped: 'Left out: already members, or skipped for the reason shown.',
  failed: 'Constant Contact did not take these; the reason says why.',
};

/** The run id in the API's 409 message ("… already in progress (<id>); …"), for a link to it. */
export function runningRunId(message: string): string | null {
  return /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(message)?.[1] ?? null;
}
