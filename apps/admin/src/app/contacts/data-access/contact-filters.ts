import { ParamMap, Params } from '@angular/router';
import { CONTACT_SORTS, CONTACT_TYPES, ContactCountQuery, ContactSearchQuery, ContactSort, ContactType } from '@ctct/shared-types';

/** The list's filters as they live in the URL query string (`?q=&type=&doNotEmail=&linked=&sort=`). */
export interface ContactFilters {
  q: string;
  type: ContactType | null;
  doNotEmail: boolean | null;
  linked: boolean | null;
  sort: ContactSort | null;
}

export const CONTACTS_PAGE_SIZE = 50;

export const EMPTY_FILTERS: ContactFilters = { q: '', type: null, doNotEmail: null, linked: null, sort: null };

function parseBool(value: string | null): boolean | null {
  return value === 'true' ? true : value === 'false' ? false : null;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** Unknown or malformed values are ignored rather than sent to the API. */
export function filtersFromParams(params: ParamMap): ContactFilters {
  return {
    q: (params.get('q') ?? '').trim(),
    type: oneOf(CONTACT_TYPES, params.get('type')),
    doNotEmail: parseBool(params.get('doNotEmail')),
    linked: parseBool(params.get('linked')),
    sort: oneOf(CONTACT_SORTS, params.get('sort')),
  };
}

/** Query params for the router: `null` removes a param (use with queryParamsHandling: 'merge'). */
export function filtersToParams(filters: ContactFilters): Params {
  return {
    q: filters.q || null,
    type: filters.type,
    doNotEmail: filters.doNotEmail,
    linked: filters.linked,
    sort: filters.sort,
  };
}

export function sameFilters(a: ContactFilters, b: ContactFilters): boolean {
  return a.q === b.q && a.type === b.type && a.doNotEmail === b.doNotEmail && a.linked === b.linked && a.sort === b.sort;
}

export function hasActiveFilters(filters: ContactFilters): boolean {
  return !!filters.q || filters.type !== null || filters.doNotEmail !== null || filters.linked !== null;
}

export function toSearchQuery(filters: ContactFilters, cursor: string | null): ContactSearchQuery {
  const query: ContactSearchQuery = { limit: CONTACTS_PAGE_SIZE };
  if (filters.q) query.q = filters.q;
  if (filters.type) query.type = filters.type;
  if (filters.doNotEmail !== null) query.doNotEmail = filters.doNotEmail;
  if (filters.linked !== null) query.linked = filters.linked;
  if (filters.sort) query.sort = filters.sort;
  if (cursor) query.cursor = cursor;
  return query;
}

/** The same filters for the count (no sort, no paging): asked again only when a filter changes. */
export function toCountQuery(filters: ContactFilters): ContactCountQuery {
  const query: ContactCountQuery = {};
  if (filters.q) query.q = filters.q;
  if (filters.type) query.type = filters.type;
  if (filters.doNotEmail !== null) query.doNotEmail = filters.doNotEmail;
  if (filters.linked !== null) query.linked = filters.linked;
  return query;
}
