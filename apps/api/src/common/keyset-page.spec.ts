import { ValidationFailedError } from './domain-errors';
import { decodeCursor, encodeCursor, everyPage, keysetPage } from './keyset-page';

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    const position = { sort: 'name', key: 'smith jane', id: '0b8f0e8e-0000-4000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(position), 'name')).toEqual(position);
  });

  it('refuses a cursor issued for another sort, naming the cursor field', () => {
    const cursor = encodeCursor({ sort: 'name', key: 'a', id: 'x' });
    expect(() => decodeCursor(cursor, '-updatedAt')).toThrow(ValidationFailedError);
  });

  it('refuses garbage as a cursor', () => {
    expect(() => decodeCursor('not-a-cursor', 'name')).toThrow(/cursor/);
  });
});

describe('keyset pages', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: String(n), at: `2026-11-2${n}` }));
  const positionOf = (row: { id: string; at: string }) => ({ sort: 'newest', key: row.at, id: row.id });

  it('keeps limit rows and points the next cursor at the last one kept when the extra row came back', () => {
    const page = keysetPage(rows, 3, positionOf);
    expect(page.items.map((row) => row.id)).toEqual(['1', '2', '3']);
    expect(decodeCursor(page.nextCursor!, 'newest')).toEqual({ sort: 'newest', key: '2026-11-23', id: '3' });
  });

  it('has no next cursor on the last page, however full', () => {
    expect(keysetPage(rows, 4, positionOf).nextCursor).toBeNull();
    expect(keysetPage([], 4, positionOf)).toEqual({ items: [], nextCursor: null });
  });

  it('maps the kept rows to items', () => {
    expect(keysetPage(rows, 2, positionOf, (row) => Number(row.id)).items).toEqual([1, 2]);
  });

  it('reads every page of a listing for an export, up to a row limit', async () => {
    const all = Array.from({ length: 7 }, (_, n) => ({ id: String(n), at: `k${n}` }));
    const asked: Array<[string | undefined, number]> = [];
    const fetchPage = async (cursor: string | undefined, limit: number) => {
      asked.push([cursor, limit]);
      const from = cursor ? Number(decodeCursor(cursor, 'newest').id) + 1 : 0;
      return keysetPage(all.slice(from, from + limit + 1), limit, positionOf);
    };
    const batches: string[][] = [];
    for await (const batch of everyPage(fetchPage, { batch: 3 })) batches.push(batch.map((row) => row.id));
    expect(batches).toEqual([['0', '1', '2'], ['3', '4', '5'], ['6']]);

    const capped: string[] = [];
    for await (const batch of everyPage(fetchPage, { batch: 3, maxRows: 5 })) capped.push(...batch.map((row) => row.id));
    expect(capped).toEqual(['0', '1', '2', '3', '4']);
    expect(asked.slice(-2).map(([, limit]) => limit)).toEqual([3, 2]);
  });
});
