/** Contact types the CRM knows; the wizard and the type → CC list rules use the same values. */
export const CONTACT_TYPES = ['customer', 'supplier', 'lead', 'other'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const CONTACT_SORTS = ['name', '-name', 'updatedAt', '-updatedAt'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** Field limits, shared so the admin's form validators match the API's. */
export const CONTACT_LIMITS = {
  email: 254,
  firstName: 100,
  lastName: 100,
  jobTitle: 150,
  phone: 40,
} as const;

export interface ContactDto {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  phone: string | null;
  type: ContactType;
  doNotEmail: boolean;
  /** The Constant Contact contact id this CRM contact is linked to, when linked. */
  ctctContactId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateContactRequest {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  jobTitle?: string | null;
  phone?: string | null;
  type?: ContactType;
  doNotEmail?: boolean;
}

export type UpdateContactRequest = CreateContactRequest;

/** What the API answers to a create or an update: the contact, and any other contacts with the same email. */
export interface ContactSaveResponse {
  contact: ContactDto;
  /** Ids of other live contacts sharing this email (real CRMs have duplicates; we say so, we do not refuse). */
  duplicateEmailContactIds: string[];
}

export interface ContactSearchQuery {
  /** Free text: matches name, email, job title. */
  q?: string;
  type?: ContactType;
  doNotEmail?: boolean;
  /** true: only contacts linked to a CC contact; false: only unlinked ones. */
  linked?: boolean;
  sort?: ContactSort;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  /** 1..200, default 50. */
  limit?: number;
}

/** Which contacts the count covers: the search filters (no paging, no sort). */
export type ContactCountQuery = Pick<ContactSearchQuery, 'q' | 'type' | 'doNotEmail' | 'linked'>;

/**
 * How many contacts match, without counting a million rows: exact up to `CONTACT_COUNT_CAP`; beyond it `atLeast`
 * (the cap), or, with no filter at all, PostgreSQL's estimate of the table size (`estimate`).
 */
export interface ContactCountDto {
  count: number;
  kind: 'exact' | 'atLeast' | 'estimate';
}

export const CONTACT_COUNT_CAP = 10_000;
