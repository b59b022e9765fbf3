import { ValidationFailedError } from './domain-errors';

/**
 * Opaque keyset cursors: the sort key and id of the last row of a page, base64url-encoded JSON. The sort
 * name is inside, so a cursor from one sort cannot be replayed against another.
 */
export interface KeysetPosition {
  sort: string;
  key: string | null;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string, expectedSort: string): KeysetPosition {
  try {
    const [sort, key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string | null, string];
    if (typeof sort !== 'string' || typeof id !== 'string' || (key !== null && typeof key !== 'string')) throw new Error('shape');
    if (sort !== expectedSort) {
      throw new ValidationFailedError([{ field: 'cursor', message: `belongs to sort "${sort}"; start again without a cursor` }]);
    }
    return { sort, key, id };
  } catch (error) {
    if (error instanceof ValidationFailedError) throw error;
    throw new ValidationFailedError([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  }
}
