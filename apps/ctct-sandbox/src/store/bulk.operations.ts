import { randomUUID } from 'node:crypto';
import { BulkActivity } from './bulk-activity.store';
import { ContactRecord, PhoneNumberRecord, StreetAddressRecord, isUnsubscribed, isValidEmail } from './contact.model';
import { ContactStore } from './contact.store';

// The effects of CC's bulk activities, applied when an activity completes.

type Json = Record<string, any>;

export interface MembershipSource {
  contact_ids?: string[];
  list_ids?: string[];
  all_active_contacts?: boolean;
}

/** The contacts a membership activity's `source` selects, minus `exclude`. */
export function resolveSource(store: ContactStore, source: MembershipSource, exclude: string[] = []): ContactRecord[] {
  const excluded = new Set(exclude);
  const picked = new Map<number, ContactRecord>();
  for (const id of source.contact_ids ?? []) {
    const contact = store.getContact(id);
    if (contact) picked.set(contact.seq, contact);
  }
  for (const listId of source.list_ids ?? []) {
    for (const seq of store.memberSeqs(listId)) picked.set(seq, store.contactBySeq(seq));
  }
  if (source.all_active_contacts) {
    for (const contact of store.contacts) if (!contact.deletedAt && !isUnsubscribed(contact)) picked.set(contact.seq, contact);
  }
  return [...picked.values()].filter((c) => !c.deletedAt && !excluded.has(c.id));
}

export function addListMemberships(store: ContactStore, contacts: ContactRecord[], listIds: string[], activity: BulkActivity): void {
  let completed = 0;
  for (const contact of contacts) {
    let ok = true;
    for (const listId of listIds) {
      if (!store.getList(listId) || store.getList(listId)!.deletedAt) continue;
      const result = store.addMembership(contact, listId);
      if (result === 'list_limit') {
        ok = false;
        activity.errors.push(`Contact ${contact.id} is already a member of 50 lists; not added to list ${listId}.`);
      } else if (result === 'unsubscribed') ok = false;
    }
    if (ok) completed++;
  }
  activity.status.items_completed_count = completed;
}

export function removeListMemberships(store: ContactStore, contacts: ContactRecord[], listIds: string[], activity: BulkActivity): void {
  for (const contact of contacts) for (const listId of listIds) store.removeMembership(contact, listId);
  activity.status.items_completed_count = contacts.length;
}

export function deleteContacts(store: ContactStore, contactIds: string[], listIds: string[], activity: BulkActivity): void {
  const targets = new Map<number, ContactRecord>();
  for (const id of contactIds) {
    const contact = store.getContact(id);
    if (contact && !contact.deletedAt) targets.set(contact.seq, contact);
  }
  for (const listId of listIds) for (const seq of store.memberSeqs(listId)) targets.set(seq, store.contactBySeq(seq));
  for (const contact of targets.values()) store.softDelete(contact);
  activity.status.items_total_count = targets.size;
  activity.status.items_completed_count = targets.size;
}

const PHONE_COLUMNS: [string, string][] = [
  ['phone', 'other'],
  ['home_phone', 'home'],
  ['work_phone', 'work'],
  ['mobile_phone', 'mobile'],
  ['other_phone', 'other'],
];
const ADDRESS_PREFIXES: [string, string][] = [
  ['', 'home'],
  ['home_', 'home'],
  ['work_', 'work'],
  ['other_', 'other'],
];

/**
 * contacts_json_import: matches rows by email; new contacts are `implicit` with opt-in source Account,
 * existing ones get only the supplied fields; unsubscribed contacts keep their status and are not added
 * to the lists (cannot_add_to_list_count); deleted contacts are restored.
 */
export function importContacts(store: ContactStore, rows: Json[], listIds: string[], activity: BulkActivity): void {
  const status = activity.status;
  const liveLists = listIds.filter((id) => store.getList(id) && !store.getList(id)!.deletedAt);
  rows.forEach((row, i) => {
    const address = typeof row.email === 'string' ? row.email.trim() : '';
    if (!isValidEmail(address)) {
      status.error_count++;
      activity.errors.push(`Row ${i + 1}: email '${row.email ?? ''}' is not a valid email address.`);
      return;
    }
    const now = store.now();
    let contact = store.findByEmail(address);
    if (!contact) {
      contact = store.insertContact({
        email: {
          address,
          permission: 'implicit',
          createdAt: now,
          updatedAt: now,
          optInSource: 'Account',
          optInDate: now,
          confirmStatus: 'off',
        },
        createSource: 'Account',
        updateSource: 'Account',
        createdAt: now,
        updatedAt: now,
      });
    }
    applyImportFields(contact, row, now);
    contact.deletedAt = undefined;
    contact.updateSource = 'Account';
    if (isUnsubscribed(contact)) {
      if (liveLists.length) status.cannot_add_to_list_count++;
    } else {
      for (const listId of liveLists) {
        if (store.addMembership(contact, listId, { touch: false }) === 'list_limit') {
          activity.errors.push(`Row ${i + 1}: contact is already a member of 50 lists.`);
        }
      }
    }
    store.touch(contact, now);
    status.person_count++;
  });
  status.items_completed_count = rows.length;
}

function applyImportFields(contact: ContactRecord, row: Json, now: number): void {
  if (row.first_name !== undefined) contact.firstName = row.first_name;
  if (row.last_name !== undefined) contact.lastName = row.last_name;
  if (row.job_title !== undefined) contact.jobTitle = row.job_title;
  if (row.company_name !== undefined) contact.companyName = row.company_name;
  if (row.birthday_month !== undefined) contact.birthdayMonth = row.birthday_month;
  if (row.birthday_day !== undefined) contact.birthdayDay = row.birthday_day;
  if (row.anniversary !== undefined) contact.anniversary = row.anniversary;
  const phones: PhoneNumberRecord[] = PHONE_COLUMNS.filter(([col]) => row[col]).map(([col, kind]) => ({
    phone_number_id: randomUUID(),
    phone_number: row[col],
    kind,
    created_at: now,
    updated_at: now,
  }));
  if (phones.length) contact.phoneNumbers = phones.slice(0, 3);
  const addresses: StreetAddressRecord[] = [];
  for (const [prefix, kind] of ADDRESS_PREFIXES) {
    const street = row[`${prefix}street`];
    const city = row[`${prefix}city`];
    if (!street && !city) continue;
    addresses.push({
      street_address_id: randomUUID(),
      kind,
      street: [street, row[`${prefix}street2`]].filter(Boolean).join(' ') || undefined,
      city,
      state: row[`${prefix}state`],
      postal_code: row[`${prefix}zip`],
      country: row[`${prefix}country`],
      created_at: now,
      updated_at: now,
    });
  }
  if (addresses.length) contact.streetAddresses = addresses.slice(0, 3);
}
