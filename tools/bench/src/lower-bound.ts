// The fewest CC calls the V3 API allows for a piece of work: the `lowerBound` of a result line, against which
// `apiCalls` is read. Limits from the V3 contract (see apps/ctct-sandbox/README.md and the facts file).

export const CC_LIMITS = {
  /** GET /contacts and the tracking reports: rows per page. */
  contactsPerPage: 500,
  trackingRowsPerPage: 500,
  /** GET /contact_reports/{id}/activity_details. */
  contactActivityPerPage: 100,
  /** GET /contact_lists. */
  listsPerPage: 1000,
  /** POST /activities/add_list_memberships and remove_list_memberships: contact ids and lists per request. */
  membershipContactsPerRequest: 500,
  membershipListsPerRequest: 50,
  /** POST /activities/contacts_json_import: rows per request (and ≤ 4 MB). */
  importRowsPerRequest: 40_000,
  /** CC's standard plan. */
  requestsPerSecond: 4,
  requestsPerDay: 10_000,
} as const;

/** Reading a paged collection: one call per page, and one even when it is empty. */
export function pagedCalls(items: number, pageSize: number): number {
  assertCount(items, pageSize);
  return Math.max(1, Math.ceil(items / pageSize));
}

/** Writing in batches: one call per batch, none when there is nothing to write. */
export function batchedCalls(items: number, batchSize: number): number {
  assertCount(items, batchSize);
  return Math.ceil(items / batchSize);
}

/**
 * The shortest time `calls` requests can take at `perSecond` (no more than perSecond in any one second):
 * the first perSecond go at once, each further group one second later.
 */
export function minWallMsAtRate(calls: number, perSecond: number = CC_LIMITS.requestsPerSecond): number {
  if (calls <= 0) return 0;
  return Math.floor((calls - 1) / perSecond) * 1000;
}

function assertCount(items: number, size: number): void {
  if (!Number.isInteger(items) || items < 0) throw new Error(`items must be a whole number ≥ 0, got ${items}`);
  if (!Number.isInteger(size) || size < 1) throw new Error(`page or batch size must be a whole number ≥ 1, got ${size}`);
}
