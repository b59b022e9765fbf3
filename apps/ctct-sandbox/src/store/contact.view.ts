import { isoDate, isoTime } from '../clock';
import { ContactListRecord, ContactRecord } from './contact.model';

export const CONTACT_INCLUDES = ['custom_fields', 'list_memberships', 'phone_numbers', 'street_addresses', 'taggings', 'notes'] as const;
export type ContactInclude = (typeof CONTACT_INCLUDES)[number];

/**
 * A contact as CC returns it (ContactResource). Fields that are null on CC's side are omitted here:
 * the Swagger 2.0 document has no nullable types, so omission is the faithful way to say "no value".
 * Sub-resources appear only when asked for with `include`.
 */
export function toContactResource(contact: ContactRecord, include: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const out: Record<string, unknown> = { contact_id: contact.id };
  const email = contact.email;
  if (email) {
    const address: Record<string, unknown> = {
      address: email.address,
      permission_to_send: email.permission,
      created_at: isoTime(email.createdAt),
      updated_at: isoTime(email.updatedAt),
    };
    if (email.optInSource) address.opt_in_source = email.optInSource;
    if (email.optInDate !== undefined) address.opt_in_date = isoTime(email.optInDate);
    if (email.permission === 'unsubscribed') {
      if (email.optOutSource) address.opt_out_source = email.optOutSource;
      if (email.optOutDate !== undefined) address.opt_out_date = isoTime(email.optOutDate);
      if (email.optOutReason) address.opt_out_reason = email.optOutReason;
    }
    address.confirm_status = email.confirmStatus;
    out.email_address = address;
  }
  setIf(out, 'first_name', contact.firstName);
  setIf(out, 'last_name', contact.lastName);
  setIf(out, 'job_title', contact.jobTitle);
  setIf(out, 'company_name', contact.companyName);
  setIf(out, 'birthday_month', contact.birthdayMonth);
  setIf(out, 'birthday_day', contact.birthdayDay);
  setIf(out, 'anniversary', contact.anniversary);
  out.create_source = contact.createSource;
  out.update_source = contact.updateSource;
  out.created_at = isoTime(contact.createdAt);
  out.updated_at = isoTime(contact.updatedAt);
  if (contact.deletedAt !== undefined) out.deleted_at = isoDate(contact.deletedAt);
  if (include.has('custom_fields')) out.custom_fields = contact.customFields ?? [];
  if (include.has('phone_numbers')) {
    out.phone_numbers = (contact.phoneNumbers ?? []).map((p) => ({
      ...p,
      created_at: isoTime(p.created_at),
      updated_at: isoTime(p.updated_at),
    }));
  }
  if (include.has('street_addresses')) {
    out.street_addresses = (contact.streetAddresses ?? []).map((a) => ({
      ...a,
      created_at: isoTime(a.created_at),
      updated_at: isoTime(a.updated_at),
    }));
  }
  if (include.has('list_memberships')) out.list_memberships = [...contact.lists];
  if (include.has('taggings')) out.taggings = contact.taggings ?? [];
  if (include.has('notes')) out.notes = contact.notes ?? [];
  return out;
}

export function toContactList(list: ContactListRecord, membershipCount?: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    list_id: list.id,
    name: list.name,
    favorite: list.favorite,
    created_at: isoTime(list.createdAt),
    updated_at: isoTime(list.updatedAt),
  };
  if (list.description !== undefined) out.description = list.description;
  if (list.deletedAt !== undefined) out.deleted_at = isoTime(list.deletedAt);
  if (membershipCount !== undefined) out.membership_count = membershipCount;
  return out;
}

function setIf(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) target[key] = value;
}
