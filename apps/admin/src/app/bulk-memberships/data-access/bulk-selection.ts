import type { BulkSelection, ContactSearchQuery, ContactType } from '@ctct/shared-types';

/** The API takes at most this many contacts in one run (by ids or by filter). */
export const MAX_SELECTION = 100_000;
export const SELECT_PAGE_SIZE = 50;

export type BulkFilter = NonNullable<BulkSelection['filter']>;

/** The search box and filters of step 1, as the form holds them (null: any). */
export interface SelectFilters {
  q: string;
  type: ContactType | null;
  doNotEmail: boolean | null;
  linked: boolean | null;
}

export const NO_FILTERS: SelectFilters = { q: '', type: null, doNotEmail: null, linked: null };

/**
 * What step 1 selected: contacts ticked one by one (kept across pages and searches), or "all that match" the
 * filter — which follows the filters while it is on, and cannot leave single contacts out.
 */
export type SelectionState = { kind: 'ids'; ids: ReadonlySet<string> } | { kind: 'filter'; filter: BulkFilter };

export const EMPTY_SELECTION: SelectionState = { kind: 'ids', ids: new Set() };

export function sameFilters(a: SelectFilters, b: SelectFilters): boolean {
  return a.q === b.q && a.type === b.type && a.doNotEmail === b.doNotEmail && a.linked === b.linked;
}

/** The filter as the API's selection wants it: only what is set. */
export function toBulkFilter(filters: SelectFilters): BulkFilter {
  const filter: BulkFilter = {};
  const q = filters.q.trim();
  if (q) filter.q = q;
  if (filters.type) filter.type = filters.type;
  if (filters.doNotEmail !== null) filter.doNotEmail = filters.doNotEmail;
  if (filters.linked !== null) filter.linked = filters.linked;
  return filter;
}

/** The same filter for GET /api/contacts, so the table shows exactly what "all that match" would select. */
export function toContactQuery(filters: SelectFilters, cursor: string | null, limit = SELECT_PAGE_SIZE): ContactSearchQuery {
  return { ...toBulkFilter(filters), limit, ...(cursor ? { cursor } : {}) };
}

export function hasSelection(state: SelectionState): boolean {
  return state.kind === 'filter' || state.ids.size > 0;
}

/** Ticked contacts beyond what one run takes. */
export function overLimit(state: SelectionState): boolean {
  return state.kind === 'ids' && state.ids.size > MAX_SELECTION;
}

export function toBulkSelection(state: SelectionState): BulkSelection {
  return state.kind === 'filter' ? { filter: { ...state.filter } } : { contactIds: [...state.ids] };
}

/** Ticks (on) or unticks these contacts; "all that match" gives way to explicit ids. */
export function withIds(state: SelectionState, ids: readonly string[], on: boolean): SelectionState {
  const next = new Set(state.kind === 'ids' ? state.ids : []);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return { kind: 'ids', ids: next };
}

/** A stable key of what a selection means, to tell whether a preview's total still describes it. */
export function selectionKey(selection: BulkSelection): string {
  if (selection.filter) {
    const f = selection.filter;
    return JSON.stringify(['filter', f.q ?? null, f.type ?? null, f.doNotEmail ?? null, f.linked ?? null]);
  }
  return JSON.stringify(['ids', [...(selection.contactIds ?? [])].sort()]);
}

const number = new Intl.NumberFormat('en-US');

/** "124 selected"; "All 862 contacts matching the filter" once a preview counted them, else "All matching contacts". */
export function selectedCountText(state: SelectionState, matchingTotal: number | null): string {
  if (state.kind === 'filter') {
    return matchingTotal === null
      ? 'All matching contacts selected'
      : `All ${number.format(matchingTotal)} ${matchingTotal === 1 ? 'contact' : 'contacts'} matching the filter`;
  }
  return state.ids.size === 0 ? 'No contacts selected' : `${number.format(state.ids.size)} selected`;
}
