import {
  BULK_OUTCOMES,
  BULK_OUTCOME_LABELS,
  SYNC_RECORD_OUTCOMES,
  type BulkOutcome,
  type SyncRecordOutcome,
  type SyncRunDto,
} from '@ctct/shared-types';

/**
 * Words for a run's counters. Runs count in internal keys (`ctctDeletedUnlinked`, `add_linked`, `skip_no_email`…);
 * these are the only words the admin shows for them, so the wizard's preview, the run page, the run history and
 * the results say the same thing.
 */
const COUNT_WORDS: Record<string, string> = {
  created: 'created',
  updated: 'updated',
  linked: 'linked',
  relinked: 're-linked',
  needs_review: 'need review',
  sent: 'sent, not confirmed yet',
  skipped: 'skipped',
  failed: 'failed',
  optOuts: 'opt-outs brought into the CRM',
  ctctDeleted: 'deleted in Constant Contact',
  ctctDeletedUnlinked: 'deleted in Constant Contact, never linked',
  unmatched: 'only in Constant Contact',
  deleted: 'deleted in Constant Contact',
  onLinkedContacts: 'for CRM contacts',
  onUnlinkedContacts: 'for people not in the CRM',
  alreadyImported: 'already imported',
};

const BULK_KEYS: readonly string[] = BULK_OUTCOMES;

/** A counter's words; an unknown key is split from camelCase/snake_case rather than shown raw. */
export function countLabel(key: string): string {
  if (BULK_KEYS.includes(key)) return BULK_OUTCOME_LABELS[key as BulkOutcome];
  return (
    COUNT_WORDS[key] ??
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase()
  );
}

export interface CountLine {
  key: string;
  label: string;
  value: number;
}

/** Outcomes every run shows, even at 0; sent (reached CC, unconfirmed), re-linked and need review only when a run had some. */
const ALWAYS_SHOWN: readonly string[] = ['created', 'updated', 'linked', 'skipped', 'failed'];

export function shownOutcomes(counts: SyncRunDto['counts'] | undefined): SyncRecordOutcome[] {
  return SYNC_RECORD_OUTCOMES.filter((key) => ALWAYS_SHOWN.includes(key) || (counts?.[key] ?? 0) > 0);
}

/**
 * The counters of a run in reading order. A bulk run counts each contact twice (its wizard outcome and its record
 * outcome): it shows the wizard's outcomes — the words of its preview — then those sent but not confirmed (a stopped
 * run; only when there are some) and failures; other runs show the record outcomes, then their own counters.
 */
export function orderedCounts(counts: SyncRunDto['counts'], job?: string): CountLine[] {
  const line = (key: string): CountLine => ({ key, label: countLabel(key), value: counts[key] ?? 0 });
  if (job === 'bulk-memberships') return [...BULK_OUTCOMES, ...(counts['sent'] ? ['sent'] : []), 'failed'].map(line);
  const outcomes: readonly string[] = SYNC_RECORD_OUTCOMES;
  return [...shownOutcomes(counts), ...Object.keys(counts).filter((key) => !outcomes.includes(key))].map(line);
}

const number = new Intl.NumberFormat('en-US');

/** "480 linked · 20 skipped · 3 failed"; "No changes" when everything is 0. */
export function countsSummary(counts: SyncRunDto['counts'], job?: string): string {
  const parts = orderedCounts(counts, job)
    .filter((count) => count.value > 0)
    .map((count) =>
      job === 'bulk-memberships' ? `${count.label}: ${number.format(count.value)}` : `${number.format(count.value)} ${count.label}`,
    );
  return parts.length ? parts.join(' · ') : 'No changes';
}
