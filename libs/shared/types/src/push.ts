/**
 * opt_out: Do Not Email → unsubscribed in CC; update: the CRM's email and names → CC (field push); add/remove_membership:
 * a CC list membership; resubscribe: CC's re-subscribe email was requested (recorded when sent, never queued).
 */
export const PUSH_KINDS = ['opt_out', 'update', 'add_membership', 'remove_membership', 'resubscribe'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

export type PushStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'superseded';

/** One push to CC (an outbox entry) as the contact record shows it. */
export interface PushDto {
  id: string;
  kind: PushKind;
  status: PushStatus;
  /** What delivery did, e.g. "unsubscribed in Constant Contact" or "not in Constant Contact: nothing to opt out". */
  outcome: string | null;
  /** The last delivery error (retried until it goes through). */
  lastError: string | null;
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
}

export interface ResubscribeResponse {
  message: string;
}

/** A CC list the CRM has put the contact on (the CRM's side of memberships). */
export interface ContactListMembershipDto {
  listId: string;
  listName: string | null;
  addedAt: string;
  /** The latest push for this membership, if the list-membership trigger sent one. */
  push: PushDto | null;
}

/**
 * Where a contact's Do Not Email stands (docs/ARCHITECTURE.md, "Do Not Email: one state machine"):
 * - may_email: off, and CC does not have the person unsubscribed;
 * - opt_out_queued: on, the opt-out waits for delivery (turning it off now cancels it);
 * - opt_out_delivering: on, the opt-out is with CC right now (turning it off waits for CC's answer);
 * - unsubscribed: CC has the person unsubscribed (our opt-out or their own): only CC's re-subscribe email turns it off;
 * - resubscribe_requested: unsubscribed, and CC has emailed the person its re-subscribe confirmation;
 * - held_in_crm: on, and CC has no live contact to opt out (not in CC, or deleted there): held here, and pushed again
 *   if CC brings the contact back;
 * - opt_out_failed: on, but the opt-out failed for good (the push says why).
 */
export const DO_NOT_EMAIL_STATES = [
  'may_email',
  'opt_out_queued',
  'opt_out_delivering',
  'unsubscribed',
  'resubscribe_requested',
  'held_in_crm',
  'opt_out_failed',
] as const;
export type DoNotEmailStateName = (typeof DO_NOT_EMAIL_STATES)[number];

export interface DoNotEmailStateDto {
  state: DoNotEmailStateName;
  doNotEmail: boolean;
  /** Whether the CRM may turn Do Not Email off now (false once CC says unsubscribed). */
  mayTurnOff: boolean;
  /** One sentence for the contact record, e.g. why it cannot be turned off and what to do instead. */
  message: string;
  /** The CC contact the state follows (the linked one, or the live one with the same email after a re-creation in CC). */
  ctctContactId: string | null;
}
