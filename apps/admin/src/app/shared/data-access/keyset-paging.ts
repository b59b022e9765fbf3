/**
 * Where a keyset-paged table stands. The API gives only a "next" cursor, so Previous walks back through the
 * cursors of the pages already seen.
 */
export interface KeysetPaging {
  /** Cursor of the page shown (null: the first page). */
  cursor: string | null;
  /** Cursors of the pages before it, oldest first. */
  previous: (string | null)[];
}

export const FIRST_PAGE: KeysetPaging = { cursor: null, previous: [] };

export function nextPaging(paging: KeysetPaging, nextCursor: string): KeysetPaging {
  return { cursor: nextCursor, previous: [...paging.previous, paging.cursor] };
}

export function previousPaging(paging: KeysetPaging): KeysetPaging {
  return paging.previous.length === 0
    ? paging
    : { cursor: paging.previous[paging.previous.length - 1], previous: paging.previous.slice(0, -1) };
}

export function pageNumberOf(paging: KeysetPaging): number {
  return paging.previous.length + 1;
}
