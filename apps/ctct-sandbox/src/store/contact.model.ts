export type Permission = 'explicit' | 'implicit' | 'not_set' | 'pending_confirmation' | 'temp_hold' | 'unsubscribed';
export const PERMISSIONS: readonly Permission[] = ['explicit', 'implicit', 'not_set', 'pending_confirmation', 'temp_hold', 'unsubscribed'];
export type Source = 'Account' | 'Contact';

export interface EmailState {
  /** Stored trimmed, case preserved; uniqueness is case-insensitive (see README: assumption). */
  address: string;
  permission: Permission;
  createdAt: number;
  updatedAt: number;
  optInSource?: Source;
  optInDate?: number;
  optOutSource?: Source;
  optOutDate?: number;
  optOutReason?: string;
  confirmStatus: 'pending' | 'confirmed' | 'off';
}

export interface CustomFieldValue {
  custom_field_id: string;
  value?: string;
}
export interface PhoneNumberRecord {
  phone_number_id: string;
  phone_number?: string;
  kind?: string;
  created_at: number;
  updated_at: number;
}
export interface StreetAddressRecord {
  street_address_id: string;
  kind: string;
  street?: string;
  city?: string;
  state?: string;
  postal_code?: string;
  country?: string;
  created_at: number;
  updated_at: number;
}
export interface NoteRecord {
  note_id: string;
  created_at: string;
  content?: string;
}

/** Core (non sub-resource) fields: the ones a PUT overwrites with null when omitted. */
export interface ContactCoreFields {
  firstName?: string;
  lastName?: string;
  jobTitle?: string;
  companyName?: string;
  birthdayMonth?: number;
  birthdayDay?: number;
  anniversary?: string;
}

export interface ContactRecord extends ContactCoreFields {
  /**
   * Gone from CC for good (control API `purge`): not listed even with status=all, its address free again. The
   * record stays in the array only because tracking rows refer to contacts by `seq`.
   */
  purged?: boolean;
  /** Dense index: tracking rows refer to contacts by it (compact Uint32 columns). */
  seq: number;
  id: string;
  email?: EmailState;
  createSource: Source;
  updateSource: Source;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  customFields?: CustomFieldValue[];
  phoneNumbers?: PhoneNumberRecord[];
  streetAddresses?: StreetAddressRecord[];
  taggings?: string[];
  notes?: NoteRecord[];
  /** List ids in the order the contact joined them. */
  lists: string[];
  /** Bumped on every change; entries in the updated-time index with an older rev are stale. */
  rev: number;
  /** CC sends the resubscribe confirmation email only once per contact. */
  resubscribeRequestedAt?: number;
}

export interface ContactListRecord {
  id: string;
  name: string;
  description?: string;
  favorite: boolean;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
}

export const MAX_LISTS_PER_ACCOUNT = 1000;
export const MAX_LISTS_PER_CONTACT = 50;

/** "Mailable": what CC's `status=active` and `include_membership_count=active` count. */
export function isActive(contact: ContactRecord): boolean {
  return !contact.deletedAt && (contact.email?.permission === 'explicit' || contact.email?.permission === 'implicit');
}

export function isUnsubscribed(contact: ContactRecord): boolean {
  return contact.email?.permission === 'unsubscribed';
}

/**
 * How CC stores an address for matching: lower-cased (its notes: "all email addresses are stored in lowercase";
 * a lookup must be lower-cased to match). Uniqueness (409) is by this key; the `email` filter of GET /contacts
 * matches only a query already in this form.
 */
export function normalizeEmailKey(address: string): string {
  return address.trim().toLowerCase();
}

// Pragmatic address check (what CC's validator refuses in practice: no @, spaces, no dot in the domain).
const EMAIL_PATTERN = /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
export function isValidEmail(address: string): boolean {
  return EMAIL_PATTERN.test(address) && address.length <= 80 && !address.includes('..');
}
