import { ValidationFailedError } from './domain-errors';
import { decodeCursor, encodeCursor } from './keyset-cursor';

const ID = '0b8f0e8e-0000-4000-8000-000000000001';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    const position = { sort: 'name', key: 'smith jane', id: ID };
    expect(decodeCursor(encodeCursor(position), 'name')).toEqual(position);
  });

  it('round-trips a timestamp position as PostgreSQL prints it', () => {
    const position = { sort: 'newest', key: '2026-01-02 10:00:00.123456+00', id: '42' };
    expect(decodeCursor(encodeCursor(position), 'newest', { key: 'timestamp', id: 'bigint' })).toEqual(position);
  });

  it('refuses a cursor issued for another sort, naming the cursor field', () => {
    const cursor = encodeCursor({ sort: 'name', key: 'a', id: ID });
    expect(() => decodeCursor(cursor, '-updatedAt')).toThrow(ValidationFailedError);
  });

  it('refuses garbage as a cursor', () => {
    expect(() => decodeCursor('not-a-cursor', 'name')).toThrow(/cursor/);
  });

  it.each([
    ['an id that is not a UUID', raw(['name', 'a', 'x']), { key: 'text', id: 'uuid' }],
    ['a number as id', raw(['newest', '2026-01-02 10:00:00+00', 7]), { key: 'timestamp', id: 'bigint' }],
    ['a bigint id out of range', raw(['newest', '2026-01-02 10:00:00+00', '99999999999999999999']), { key: 'timestamp', id: 'bigint' }],
    ['a timestamp that is not one', raw(['newest', 'yesterday', '1']), { key: 'timestamp', id: 'bigint' }],
    ['30 February', raw(['newest', '2026-02-30 10:00:00+00', '1']), { key: 'timestamp', id: 'bigint' }],
    ['a NUL in the key', raw(['name', 'a\u0000b', ID]), { key: 'text', id: 'uuid' }],
    ['an object instead of an array', raw({ sort: 'name' }), { key: 'text', id: 'uuid' }],
    ['a key where none belongs', raw(['records', 'x', '5']), { key: 'none', id: 'bigint' }],
  ] as const)('refuses a crafted cursor with %s before it reaches SQL', (_what, cursor, shape) => {
    expect(() => decodeCursor(cursor, JSON.parse(Buffer.from(cursor, 'base64url').toString())[0] ?? 'name', shape)).toThrow(
      expect.objectContaining({ fields: [{ field: 'cursor', message: 'is not a cursor this API issued' }] }),
    );
  });
});
