import { emailKey } from '../contacts/email-key';
import { ctctAddressOf } from '../ctct/ctct-email';
import type { CtctContact } from '../ctct/ctct-v3.types';

/**
 * What a field push sends (the CRM's email, first and last name) and how it decides there is something to send.
 * Pure: delivery uses it on the contact it just read, and convergence's SQL (convergence.service.ts) is its twin
 * over the mirror, so both call the same difference drift.
 */

/** CC's limit on first_name / last_name (ContactPutRequest maxLength), in characters. */
export const CTCT_NAME_MAX_LENGTH = 50;

export type PushedField = 'email' | 'first name' | 'last name';

/** The CRM's side of a field push. */
export interface CrmPushedFields {
  email: string | null;
  first_name: string | null;
  last_name: string | null;
}

/** The values a PUT carries for the three pushed fields. */
export interface WantedFields {
  address: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * A name as CC takes it: cut to 50 characters (code points, as PostgreSQL's left() counts them), empty → none.
 * No trimming: the CRM's value is the truth, as typed.
 */
export function ctctName(value: string | null | undefined): string | null {
  if (!value) return null;
  return [...value].slice(0, CTCT_NAME_MAX_LENGTH).join('') || null;
}

/**
 * The values to send: the CRM's names, and its email in the form CC takes (ASCII domain). A CRM contact without
 * an email keeps CC's address: CC needs one, and an empty CRM field is not a reason to change the person's mailbox.
 */
export function wantedFields(crm: CrmPushedFields, cc: CtctContact): WantedFields {
  const address = (emailKey(crm.email) ? ctctAddressOf(crm.email) : null) ?? cc.email_address?.address ?? '';
  return { address, firstName: ctctName(crm.first_name), lastName: ctctName(crm.last_name) };
}

/** Which pushed fields CC does not have as the CRM wants them: the email by its key (CC compares that way), names exactly. */
export function fieldDrift(wanted: WantedFields, cc: CtctContact): PushedField[] {
  const drift: PushedField[] = [];
  if (emailKey(wanted.address) !== emailKey(cc.email_address?.address)) drift.push('email');
  if (wanted.firstName !== (cc.first_name || null)) drift.push('first name');
  if (wanted.lastName !== (cc.last_name || null)) drift.push('last name');
  return drift;
}
