export const PUSH_KINDS = ['opt_out', 'add_membership', 'remove_membership'] as const;
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
