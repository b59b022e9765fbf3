import type { Page } from '@ctct/shared-types';
import { encodeCursor, type KeysetPosition } from './keyset-cursor';

export { decodeCursor, encodeCursor, type CursorShape, type KeysetPosition } from './keyset-cursor';

/**
 * A page from rows fetched with `LIMIT limit + 1` in keyset order: the first `limit` rows, and a cursor at the
 * last of them when the extra row shows there is more. `positionOf` gives a row's sort name, key and id.
 */
export function keysetPage<Row>(rows: readonly Row[], limit: number, positionOf: (row: Row) => KeysetPosition): Page<Row>;
export function keysetPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  positionOf: (row: Row) => KeysetPosition,
  toItem: (row: Row) => Item,
): Page<Item>;
export function keysetPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  positionOf: (row: Row) => KeysetPosition,
  toItem?: (row: Row) => Item,
): Page<Row | Item> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return {
    items: toItem ? kept.map(toItem) : kept,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}

/**
 * Every row of a keyset-paged listing, a page at a time (for exports): asks `fetchPage` for pages of `batch`
 * rows from the start, following `nextCursor`, until the end or `maxRows` rows.
 */
export async function* everyPage<T>(
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
  options: { batch: number; maxRows?: number },
): AsyncGenerator<T[]> {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let cursor: string | undefined;
  let sent = 0;
  while (sent < maxRows) {
    const page = await fetchPage(cursor, Math.min(options.batch, maxRows - sent));
    if (page.items.length > 0) yield page.items;
    sent += page.items.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
