import {
  BULK_OUTCOME_LABELS,
  type BulkOutcome,
  type BulkPreviewDto,
  type SyncRecordOutcome,
  type SyncRunDto,
  type SyncRunStatus,
} from '@ctct/shared-types';
import { countLabel } from '../../shared/wording/run-counts';
import { timeLeftText } from '../../sync/data-access/sync-display';

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

/** The one wording of an outcome (shared with the run page's counts and the records' reasons). */
export function outcomeLabel(outcome: BulkOutcome): string {
  return BULK_OUTCOME_LABELS[outcome];
}

/** What the run does with the contacts of an outcome, under its count in the preview. */
export const OUTCOME_EXPLANATIONS: Record<BulkOutcome, string> = {
  create: 'Not in Constant Contact yet: the run creates them there and adds them to the list.',
  add_linked: 'Already linked to a Constant Contact contact: the run adds them to the list.',
  link_and_add: 'A Constant Contact contact has the same email: the run links them and adds them to the list.',
  already_member: 'Already on the list: nothing to do.',
  skip_no_email: 'No email address in the CRM: Constant Contact needs one.',
  skip_invalid_email: 'The email address in the CRM is not a valid one: correct it on the contact.',
  skip_refused_by_ctct: 'Constant Contact would refuse this address (the reason names the rule): correct it on the contact.',
  skip_needs_review:
    'More than one contact could match (two with the same email in the CRM or in Constant Contact): ' +
    'the run neither links nor creates them until someone decides.',
  skip_do_not_email: 'Marked Do Not Email in the CRM: never added to a list.',
  skip_unsubscribed: 'Unsubscribed in Constant Contact: only they can opt back in.',
  skip_deleted_in_ctct: 'Deleted in Constant Contact: restore them there first.',
  skip_duplicate_email: 'Another selected contact has the same email: one of them is added.',
};

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

/** "123 of 600 · 41/s · about 1 min left"; "Preparing…" until the run knows its total. */
export function progressText(progress: SyncRunDto['progress']): string {
  if (progress.total === null) return progress.done > 0 ? `${formatCount(progress.done)} done` : 'Preparing…';
  const rate = progress.itemsPerSecond ? ` · ${formatCount(Math.round(progress.itemsPerSecond))}/s` : '';
  const left = timeLeftText(progress);
  return `${formatCount(progress.done)} of ${formatCount(progress.total)}${rate}${left ? ` · ${left}` : ''}`;
}

/** 0..100, or null while the total is unknown (an indeterminate bar). */
export function progressPercent(progress: SyncRunDto['progress']): number | null {
  if (progress.total === null) return null;
  if (progress.total === 0) return 100;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The results tabs, in this order. */
export const RESULT_OUTCOMES: SyncRecordOutcome[] = ['created', 'linked', 'updated', 'sent', 'needs_review', 'skipped', 'failed'];

/**
 * The results tabs in the preview's words: a bulk run records create as "created", link_and_add as "linked",
 * add_linked as "updated", and already_member and every skip as "skipped".
 */
export const RESULT_LABELS: Record<SyncRecordOutcome, string> = {
  created: BULK_OUTCOME_LABELS.create,
  linked: BULK_OUTCOME_LABELS.link_and_add,
  relinked: sentenceCase(countLabel('relinked')),
  updated: BULK_OUTCOME_LABELS.add_linked,
  sent: sentenceCase(countLabel('sent')),
  needs_review: BULK_OUTCOME_LABELS.skip_needs_review,
  skipped: 'Already on the list or skipped',
  failed: 'Failed',
};

/** What each tab's contacts went through. */
export const RESULT_DESCRIPTIONS: Record<SyncRecordOutcome, string> = {
  created: 'Created in Constant Contact and added to the list.',
  linked: 'Linked to the Constant Contact contact with the same email, and added to the list.',
  relinked: 'Linked to the Constant Contact contact re-created under a new id.',
  updated: 'Already linked: added to the list.',
  sent: 'Sent to Constant Contact before the run stopped; Constant Contact had not confirmed them yet.',
  needs_review: 'Left out: more than one contact could match; the reason names both sides. Not linked, not created.',
  skipped: 'Left out: already on the list, or skipped for the reason shown.',
  failed: 'Constant Contact did not take these; the reason says why. Run the wizard again for them once it is fixed.',
};

/** The run id in the API's 409 message ("… already in progress (<id>); …"), for a link to it. */
export function runningRunId(message: string): string | null {
  return /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(message)?.[1] ?? null;
}
