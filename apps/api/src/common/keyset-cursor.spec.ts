import { ValidationFailedError } from './domain-errors';
import { decodeCursor, encodeCursor } from './keyset-cursor';

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
