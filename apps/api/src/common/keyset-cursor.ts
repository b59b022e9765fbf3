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

/**
 * What the caller will cast the cursor's parts to in SQL; decodeCursor refuses anything the cast would fail
 * on, so a crafted cursor is a 400 naming `cursor`, never a database error.
 * - key `text`: any string (or null); `timestamp`: PostgreSQL's timestamptz text as we emitted it; `none`: null.
 * - id `uuid` or `bigint` (a positive integer as text).
 */
export interface CursorShape {
  key: 'text' | 'timestamp' | 'none';
  id: 'uuid' | 'bigint';
}

const MAX_CURSOR_LENGTH = 1000;
const MAX_KEY_LENGTH = 400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT = /^[1-9]\d{0,17}$/;
// timestamptz::text: "2026-01-02 10:00:00.123456+00" (fraction and minutes of the offset optional).
const PG_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?$/;
// Control characters (NUL above all) cannot reach PostgreSQL text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: a cursor key holding one is rejected
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.sort, position.key, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string, expectedSort: string, shape?: CursorShape): KeysetPosition {
  const refuse = (message = 'is not a cursor this API issued'): never => {
    throw new ValidationFailedError([{ field: 'cursor', message }]);
  };
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(cursor)) refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return refuse();
  const [sort, key, id] = parsed as unknown[];
  if (typeof sort !== 'string' || typeof id !== 'string' || (key !== null && typeof key !== 'string')) return refuse();
  if (sort !== expectedSort) refuse(`belongs to sort "${sort.slice(0, 40)}"; start again without a cursor`);
  if (key !== null && (key.length > MAX_KEY_LENGTH || CONTROL_CHARACTER.test(key))) refuse();
  if (!(shape ? (shape.id === 'uuid' ? UUID : BIGINT).test(id) : UUID.test(id) || BIGINT.test(id))) refuse();
  if (shape?.key === 'none' && key !== null) refuse();
  if (shape?.key === 'timestamp' && (key === null || !isPgTimestamp(key))) refuse();
  return { sort, key, id };
}

function isPgTimestamp(text: string): boolean {
  const match = PG_TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 30 February over to March: a rolled date was not a real one.
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 16 &&
    offsetMinutes < 60
  );
}
