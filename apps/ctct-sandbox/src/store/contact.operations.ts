import { randomUUID } from 'node:crypto';
import { V3Error, conflict, notFound, validationError } from '../http/errors';
import {
  ContactCoreFields,
  ContactRecord,
  EmailState,
  MAX_LISTS_PER_CONTACT,
  PERMISSIONS,
  Permission,
  PhoneNumberRecord,
  Source,
  StreetAddressRecord,
  isValidEmail,
} from './contact.model';
import { ContactStore } from './contact.store';

// The rules CC applies to contact writes. Route handlers validate shapes (types, lengths) first;
// these functions apply CC's business rules (uniqueness, permission, revival) to the store.

const AREA = 'contacts';
type Json = Record<string, any>;

const SOURCES: Source[] = ['Account', 'Contact'];

function requireSource(value: unknown, field: string): Source {
  if (!SOURCES.includes(value as Source)) throw validationError(AREA, `${field} must be one of Account, Contact.`);
  return value as Source;
}

function requireEmail(address: unknown, field: string): string {
  const trimmed = typeof address === 'string' ? address.trim() : '';
  if (!isValidEmail(trimmed)) throw validationError(AREA, `${field} is not a valid email address.`);
  return trimmed;
}

function requirePermission(value: unknown, field: string): Permission {
  if (!PERMISSIONS.includes(value as Permission)) {
    throw validationError(AREA, `${field} must be one of ${PERMISSIONS.join(', ')}.`);
  }
  return value as Permission;
}

function requireLists(store: ContactStore, listIds: string[] | undefined, field: string): string[] {
  const ids = [...new Set(listIds ?? [])];
  for (const id of ids) {
    const list = store.getList(id);
    if (!list || list.deletedAt) throw validationError(AREA, `${field}: list ${id} does not exist.`);
  }
  if (ids.length > MAX_LISTS_PER_CONTACT) {
    throw validationError(AREA, `${field}: a contact can be a member of at most ${MAX_LISTS_PER_CONTACT} lists.`);
  }
  return ids;
}

function coreFieldsOf(body: Json): ContactCoreFields {
  return {
    firstName: body.first_name ?? undefined,
    lastName: body.last_name ?? undefined,
    jobTitle: body.job_title ?? undefined,
    companyName: body.company_name ?? undefined,
    birthdayMonth: body.birthday_month ?? undefined,
    birthdayDay: body.birthday_day ?? undefined,
    anniversary: body.anniversary ?? undefined,
  };
}

function phoneRecords(input: Json[] | undefined, now: number): PhoneNumberRecord[] | undefined {
  return input?.map((p) => ({
    phone_number_id: randomUUID(),
    phone_number: p.phone_number,
    kind: p.kind,
    created_at: now,
    updated_at: now,
  }));
}

function addressRecords(input: Json[] | undefined, now: number): StreetAddressRecord[] | undefined {
  return input?.map((a) => ({ street_address_id: randomUUID(), ...a, kind: a.kind, created_at: now, updated_at: now }));
}

function unsubscribe(email: EmailState, source: Source, reason: string | undefined, now: number): void {
  email.permission = 'unsubscribed';
  email.optOutSource = source;
  email.optOutDate = now;
  email.optOutReason = reason || undefined;
  email.updatedAt = now;
}

/** Explicit opt-in by the contact themself (sign-up form, confirmed resubscribe). */
export function optIn(email: EmailState, now: number): void {
  email.permission = 'explicit';
  email.optInSource = 'Contact';
  email.optInDate = now;
  email.optOutSource = undefined;
  email.optOutDate = undefined;
  email.optOutReason = undefined;
  email.updatedAt = now;
}

/** POST /contacts: 409 when the email exists, deleted contacts included. */
export function createContact(store: ContactStore, body: Json): ContactRecord {
  const createSource = requireSource(body.create_source, 'create_source');
  if (!body.first_name && !body.last_name && !body.email_address && !body.sms_channel) {
    throw validationError(AREA, 'At least one of first_name, last_name, email_address or sms_channel is required.');
  }
  const now = store.now();
  let email: EmailState | undefined;
  if (body.email_address) {
    const address = requireEmail(body.email_address.address, 'email_address.address');
    if (store.findByEmail(address)) throw conflict(AREA, 'Validation failed: EmailAddress is not unique');
    const permission = body.email_address.permission_to_send
      ? requirePermission(body.email_address.permission_to_send, 'email_address.permission_to_send')
      : 'implicit';
    email = { address, permission, createdAt: now, updatedAt: now, confirmStatus: 'off' };
    if (permission === 'unsubscribed') unsubscribe(email, createSource, undefined, now);
    else if (permission !== 'not_set') {
      email.optInSource = createSource;
      email.optInDate = now;
    }
  }
  const lists = requireLists(store, body.list_memberships, 'list_memberships');
  return store.insertContact({
    ...coreFieldsOf(body),
    email,
    createSource,
    updateSource: createSource,
    createdAt: now,
    updatedAt: now,
    customFields: body.custom_fields,
    phoneNumbers: phoneRecords(body.phone_numbers, now),
    streetAddresses: addressRecords(body.street_addresses, now),
    taggings: body.taggings,
    notes: body.notes,
    lists,
  });
}

/**
 * PUT /contacts/{id}: core fields are replaced (omitted → cleared), omitted sub-resources are kept,
 * a deleted contact is revived (update_source must be Account for that), and an unsubscribed contact
 * stays unsubscribed whatever permission the body asks for (only resubscribe / sign-up forms opt in).
 */
export function putContact(store: ContactStore, contact: ContactRecord, body: Json): ContactRecord {
  const updateSource = requireSource(body.update_source, 'update_source');
  if (contact.deletedAt && updateSource !== 'Account') {
    throw validationError(AREA, 'update_source must be Account to restore a deleted contact.');
  }
  if (!body.email_address && !body.sms_channel && contact.email) {
    throw validationError(AREA, 'email_address is required: a contact must keep an email address or an SMS channel.');
  }
  const now = store.now();
  if (body.email_address) {
    const address = requireEmail(body.email_address.address, 'email_address.address');
    const owner = store.findByEmail(address);
    if (owner && owner !== contact) throw conflict(AREA, 'Validation failed: EmailAddress is not unique');
    const requested = body.email_address.permission_to_send
      ? requirePermission(body.email_address.permission_to_send, 'email_address.permission_to_send')
      : undefined;
    if (!contact.email) {
      contact.email = { address, permission: 'implicit', createdAt: now, updatedAt: now, confirmStatus: 'off' };
      store.changeEmail(contact, address);
    } else if (contact.email.address !== address) {
      store.changeEmail(contact, address);
      contact.email.updatedAt = now;
    }
    const email = contact.email;
    if (requested === 'unsubscribed' && email.permission !== 'unsubscribed') {
      unsubscribe(email, updateSource, body.email_address.opt_out_reason, now);
    } else if (requested && requested !== email.permission && email.permission !== 'unsubscribed') {
      email.permission = requested;
      email.updatedAt = now;
    }
  }
  Object.assign(contact, coreFieldsOf(body));
  if (body.custom_fields) contact.customFields = body.custom_fields;
  if (body.phone_numbers) contact.phoneNumbers = phoneRecords(body.phone_numbers, now);
  if (body.street_addresses) contact.streetAddresses = addressRecords(body.street_addresses, now);
  if (body.taggings) contact.taggings = body.taggings;
  if (body.notes) contact.notes = body.notes;
  contact.updateSource = updateSource;
  contact.deletedAt = undefined;
  if (body.list_memberships) {
    const wanted = requireLists(store, body.list_memberships, 'list_memberships');
    for (const listId of [...contact.lists]) if (!wanted.includes(listId)) store.removeMembership(contact, listId, false);
    for (const listId of wanted) store.addMembership(contact, listId, { force: true, touch: false });
  }
  store.touch(contact, now);
  return contact;
}

/** POST /contacts/sign_up_form: create-or-update by email with the contact's own explicit consent. */
export function signUpForm(store: ContactStore, body: Json): { contact: ContactRecord; action: 'created' | 'updated' } {
  if (body.email_address === undefined) {
    throw validationError(AREA, 'email_address is required (the sandbox has no SMS channel).');
  }
  const address = requireEmail(body.email_address, 'email_address');
  const lists = requireLists(store, body.list_memberships, 'list_memberships');
  const now = store.now();
  const existing = store.findByEmail(address);
  const phones = body.phone_number ? [{ phone_number: body.phone_number, kind: 'other' }] : undefined;
  const addresses = body.street_address ? [body.street_address] : undefined;
  if (!existing) {
    const email: EmailState = { address, permission: 'explicit', createdAt: now, updatedAt: now, confirmStatus: 'off' };
    optIn(email, now);
    const contact = store.insertContact({
      ...coreFieldsOf(body),
      email,
      createSource: 'Contact',
      updateSource: 'Contact',
      createdAt: now,
      updatedAt: now,
      customFields: body.custom_fields,
      phoneNumbers: phoneRecords(phones, now),
      streetAddresses: addressRecords(addresses, now),
      lists,
    });
    return { contact, action: 'created' };
  }
  const merged = [...new Set([...existing.lists, ...lists])];
  if (merged.length > MAX_LISTS_PER_CONTACT) {
    throw validationError(AREA, `list_memberships: a contact can be a member of at most ${MAX_LISTS_PER_CONTACT} lists.`);
  }
  for (const [key, value] of Object.entries(coreFieldsOf(body))) {
    if (value !== undefined) (existing as unknown as Json)[key] = value;
  }
  if (body.custom_fields) {
    const byId = new Map((existing.customFields ?? []).map((f) => [f.custom_field_id, f]));
    for (const field of body.custom_fields) byId.set(field.custom_field_id, field);
    existing.customFields = [...byId.values()];
  }
  if (phones) existing.phoneNumbers = [...(existing.phoneNumbers ?? []), ...phoneRecords(phones, now)!].slice(-3);
  if (addresses) existing.streetAddresses = addressRecords(addresses, now);
  optIn(existing.email!, now);
  existing.updateSource = 'Contact';
  existing.deletedAt = undefined;
  for (const listId of lists) store.addMembership(existing, listId, { force: true, touch: false });
  store.touch(existing, now);
  return { contact: existing, action: 'updated' };
}

/** PUT /contacts/resubscribe/{id}: sends CC's confirmation email once and adds the lists. */
export function requestResubscribe(store: ContactStore, contact: ContactRecord, body: Json): void {
  if (contact.deletedAt) throw notFound(AREA, 'Contact');
  if (contact.email?.permission !== 'unsubscribed') {
    throw validationError(AREA, 'Only an unsubscribed contact can be sent a resubscribe email.');
  }
  if (contact.resubscribeRequestedAt !== undefined) {
    throw new V3Error(409, 'contacts.api.conflict', 'A resubscribe email was already sent to this contact.');
  }
  const lists = requireLists(store, body.list_ids, 'list_ids');
  contact.resubscribeRequestedAt = store.now();
  for (const listId of lists) store.addMembership(contact, listId, { force: true, touch: false });
  store.touch(contact);
}

/** What happens when the contact clicks the link in the resubscribe email (control endpoint). */
export function confirmResubscribe(store: ContactStore, contact: ContactRecord): void {
  if (!contact.email || contact.resubscribeRequestedAt === undefined) {
    throw validationError(AREA, 'No resubscribe email was sent to this contact.');
  }
  const now = store.now();
  optIn(contact.email, now);
  contact.email.confirmStatus = 'confirmed';
  contact.updateSource = 'Contact';
  store.touch(contact, now);
}

export { unsubscribe };
