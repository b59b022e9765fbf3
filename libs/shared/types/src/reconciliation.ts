import type { PushCostDto } from './consent';

/**
 * Every live CRM contact with an email is in exactly one class (apps/api/src/modules/reconciliation):
 * - in_agreement: linked, and CC has the same email, names and opt-out;
 * - drift: linked to a live CC contact whose email, first or last name or opt-out differs (the CRM wins);
 * - awaiting_link: not linked, exactly one live CC contact has its email: the next link run links it;
 * - not_in_ctct: no live CC contact has its email;
 * - needs_review: the email key is ambiguous (shared by CRM contacts or by CC contacts, its CC contact linked to
 *   another CRM contact, or equal to a CC address only by a non-ASCII case folding);
 * - ctct_deleted: linked to a CC contact deleted in CC (or gone from it);
 * - ctct_unsubscribed: CC has them unsubscribed but the CRM still allows email.
 */
export const RECONCILIATION_CLASSES = [
  'in_agreement',
  'drift',
  'awaiting_link',
  'not_in_ctct',
  'needs_review',
  'ctct_deleted',
  'ctct_unsubscribed',
] as const;
export type ReconciliationClass = (typeof RECONCILIATION_CLASSES)[number];

export const DRIFT_FIELDS = ['email', 'firstName', 'lastName', 'doNotEmail'] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number];

export interface ReconciliationContactDto {
  contactId: string;
  class: ReconciliationClass;
  /** For drift: which fields differ. */
  driftFields: DriftField[];
  /** Why it is in its class, in words. */
  reason: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  doNotEmail: boolean;
  ctctContactId: string | null;
  /** The CC side as last synced (the linked contact, or the one its email matches). */
  ctct: { email: string | null; firstName: string | null; lastName: string | null; permission: string | null; deleted: boolean } | null;
  /** A push for this contact is waiting or being delivered (it may already fix the drift). */
  pushPending: boolean;
}

export interface ReconciliationClassSummaryDto {
  class: ReconciliationClass;
  label: string;
  count: number;
  /** What will fix it. */
  fix: string;
  /** For drift: contacts per field (a contact can drift on several). */
  fields?: Record<DriftField, number>;
  samples: ReconciliationContactDto[];
}

export interface ReconciliationListDto {
  listId: string;
  name: string;
  /** CRM-side memberships (crm_list_memberships) of live contacts. */
  crmCount: number;
  /** Of those, how many CC does not show on the list (not linked, not in CC, or not a member there). */
  crmNotInCtct: number;
  /** CC's own member count, as the lists job last read it. */
  ctctCount: number | null;
  /** Live mirrored CC contacts on the list (what the link job last saw). */
  mirrorCount: number;
}

export interface ReconciliationSummaryDto {
  generatedAt: string;
  /** When the mirror last learned anything about CC contacts (null: never synced). */
  mirrorSyncedAt: string | null;
  /** Live CRM contacts with an email (the sum of the classes). */
  total: number;
  classes: ReconciliationClassSummaryDto[];
  lists: ReconciliationListDto[];
}

export interface ReconciliationContactsQuery {
  class?: ReconciliationClass;
  field?: DriftField;
  cursor?: string;
  limit?: number;
}

/** What "Fix drift" would queue, and its cost against today's budget. */
export interface FixDriftPreviewDto {
  /** Do Not Email drift: opt-out pushes. */
  optOuts: number;
  /** Email / name drift: field update pushes (0 while field pushes are not available). */
  fieldUpdates: number;
  /** False while the outbox has no field update push: email and name drift are reported, not fixed here. */
  fieldPushesAvailable: boolean;
  /** Drifted contacts left out because a push for them is already waiting. */
  alreadyQueued: number;
  cost: PushCostDto;
}

export interface FixDriftResultDto {
  queuedOptOuts: number;
  queuedFieldUpdates: number;
  apiCalls: number;
  message: string;
}
