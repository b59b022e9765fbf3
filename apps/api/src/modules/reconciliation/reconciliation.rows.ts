import type { DriftField, ReconciliationClass, ReconciliationContactDto } from '@ctct/shared-types';

/**
 * One classified CRM contact (reconciliation.sql.ts): the CRM side, the CC side as mirrored (the linked contact, or
 * the one live CC contact its email matches), and the flags its class and reason come from.
 */
export interface ClassifiedRow {
  id: string;
  email: string | null;
  key: string;
  first_name: string | null;
  last_name: string | null;
  do_not_email: boolean;
  ctct_contact_id: string | null;
  class: ReconciliationClass;
  /** Why an unlinked contact needs review (the link rule's ambiguity), else null. */
  review: 'held' | 'ctct_sharing' | 'crm_sharing' | 'folding' | null;
  /** Live CRM contacts in its loose-key group, itself included (unlinked contacts only). */
  crm_group: number | null;
  /** Live CC contacts in its loose-key group (unlinked contacts only). */
  ctct_live: number | null;
  ctct_any_deleted: boolean | null;
  m_id: string | null;
  m_email: string | null;
  m_first: string | null;
  m_last: string | null;
  m_permission: string | null;
  m_deleted: boolean | null;
  d_email: boolean;
  d_first: boolean;
  d_last: boolean;
  d_dne: boolean;
}

export function driftFieldsOf(row: Pick<ClassifiedRow, 'd_email' | 'd_first' | 'd_last' | 'd_dne'>): DriftField[] {
  const fields: DriftField[] = [];
  if (row.d_email) fields.push('email');
  if (row.d_first) fields.push('firstName');
  if (row.d_last) fields.push('lastName');
  if (row.d_dne) fields.push('doNotEmail');
  return fields;
}

const FIELD_WORDS: Record<DriftField, string> = {
  email: 'email',
  firstName: 'first name',
  lastName: 'last name',
  doNotEmail: 'Do Not Email (Constant Contact still mailable)',
};

/** Why the contact is in its class, in words. */
export function reasonOf(row: ClassifiedRow): string {
  switch (row.class) {
    case 'in_agreement':
      return 'Constant Contact has the same email, names and opt-out';
    case 'drift':
      return `differs in Constant Contact: ${driftFieldsOf(row)
        .map((field) => FIELD_WORDS[field])
        .join(', ')}`;
    case 'awaiting_link':
      return 'in Constant Contact with the same email, not linked yet';
    case 'not_in_ctct':
      return row.ctct_any_deleted ? 'only a deleted Constant Contact contact has this email' : 'no Constant Contact contact has this email';
    case 'needs_review':
      switch (row.review) {
        case 'ctct_sharing':
          return `${row.ctct_live} Constant Contact contacts could be this contact`;
        case 'crm_sharing':
          return `${row.crm_group} CRM contacts share this email`;
        case 'folding':
          return 'equal to a Constant Contact address only by a non-ASCII case folding Constant Contact may not make';
        default:
          return 'its Constant Contact contact is linked to another CRM contact';
      }
    case 'ctct_deleted':
      return row.m_id ? 'deleted in Constant Contact after it was linked' : 'no longer in Constant Contact';
    case 'ctct_unsubscribed':
      return 'unsubscribed in Constant Contact, but the CRM allows email';
  }
}

export function toReconciliationContactDto(row: ClassifiedRow, pushPending: boolean): ReconciliationContactDto {
  return {
    contactId: row.id,
    class: row.class,
    driftFields: row.class === 'drift' ? driftFieldsOf(row) : [],
    reason: reasonOf(row),
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    doNotEmail: row.do_not_email,
    ctctContactId: row.ctct_contact_id,
    ctct: row.m_id
      ? { email: row.m_email, firstName: row.m_first, lastName: row.m_last, permission: row.m_permission, deleted: !!row.m_deleted }
      : null,
    pushPending,
  };
}
