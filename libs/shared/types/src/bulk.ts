import type { ContactType } from './contacts';

/** Which CRM contacts: explicit ids, or everything matching a saved filter (up to 100,000). */
export interface BulkSelection {
  contactIds?: string[];
  filter?: { q?: string; type?: ContactType; doNotEmail?: boolean; linked?: boolean };
}

/** An existing CC list, or a new one the run creates. */
export type BulkTarget = { listId: string; newListName?: never } | { newListName: string; listId?: never };

export interface BulkMembershipRequest {
  selection: BulkSelection;
  target: BulkTarget;
}

export const BULK_OUTCOMES = [
  'create',
  'add_linked',
  'link_and_add',
  'already_member',
  'skip_no_email',
  'skip_invalid_email',
  'skip_refused_by_ctct',
  'skip_needs_review',
  'skip_do_not_email',
  'skip_unsubscribed',
  'skip_deleted_in_ctct',
  'skip_duplicate_email',
] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

/**
 * One wording per outcome, the same wherever a user meets it: the wizard's preview, the run's counts and
 * results, and the records' reasons.
 */
export const BULK_OUTCOME_LABELS: Record<BulkOutcome, string> = {
  create: 'New in Constant Contact',
  add_linked: 'Already in Constant Contact',
  link_and_add: 'Found in Constant Contact by email',
  already_member: 'Already on the list',
  skip_no_email: 'Skipped: no email',
  skip_invalid_email: 'Skipped: email not valid',
  skip_refused_by_ctct: 'Skipped: Constant Contact would refuse this address',
  skip_needs_review: 'Skipped: needs review (more than one possible match)',
  skip_do_not_email: 'Skipped: Do Not Email',
  skip_unsubscribed: 'Skipped: unsubscribed in Constant Contact',
  skip_deleted_in_ctct: 'Skipped: deleted in Constant Contact',
  skip_duplicate_email: 'Skipped: same email as another selected contact',
};

export interface BulkSampleRow {
  contactId: string;
  name: string;
  email: string | null;
  ctctContactId: string | null;
}

export interface BulkPreviewDto {
  total: number;
  counts: Record<BulkOutcome, number>;
  samples: Record<BulkOutcome, BulkSampleRow[]>;
  target: { listId: string | null; name: string; isNew: boolean };
  apiCalls: {
    /** The calls the run will make (activity polling estimated at one call per round). */
    estimate: number;
    breakdown: { createList: number; imports: number; addMemberships: number; readBackCreated: number; polling: number };
    /** Calls jobs and bulk runs may still make today (the push reserve excluded). */
    remainingToday: number;
    fitsToday: boolean;
    /** When the run will not fit today's share: what will happen, in one sentence; absent when it fits. */
    note?: string;
  };
  /** The preview reads what the last link sync learned of CC; older data means a less exact preview. */
  mirrorSyncedAt: string | null;
}
