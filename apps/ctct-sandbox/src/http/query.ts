import { validationError } from './errors';

/**
 * Reads query parameters the way the spec declares them (types, enums, ranges) and refuses anything
 * else with a 400 naming the parameter, as CC does.
 */
export class QueryReader {
  constructor(
    private readonly query: Record<string, unknown>,
    private readonly area: string,
  ) {}

  private fail(message: string): never {
    throw validationError(this.area, message);
  }

  has(name: string): boolean {
    return this.query[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(`${name} must be given once.`);
    return value;
  }

  /** Repeated (`a=1&a=2`) parameters, as `collectionFormat: multi` declares. */
  multi(name: string): string[] | undefined {
    const value = this.query[name];
    if (value === undefined) return undefined;
    return (Array.isArray(value) ? value : [value]).map(String);
  }

  int(name: string, range: { min: number; max?: number; default: number }): number {
    const raw = this.string(name);
    if (raw === undefined) return range.default;
    if (!/^-?\d+$/.test(raw)) this.fail(`${name} must be an integer.`);
    const value = Number(raw);
    if (value < range.min || (range.max !== undefined && value > range.max)) {
      this.fail(
        range.max !== undefined ? `${name} must be between ${range.min} and ${range.max}.` : `${name} must be at least ${range.min}.`,
      );
    }
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (raw !== 'true' && raw !== 'false') this.fail(`${name} must be true or false.`);
    return raw === 'true';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!allowed.includes(raw as T)) this.fail(`${name} must be one of ${allowed.join(', ')}.`);
    return raw as T;
  }

  /** Comma-separated values, each from `allowed` when given. */
  csv<T extends string = string>(name: string, options: { allowed?: readonly T[]; maxItems?: number } = {}): T[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!items.length) this.fail(`${name} must not be empty.`);
    if (options.allowed) {
      const bad = items.find((item) => !options.allowed!.includes(item as T));
      if (bad) this.fail(`${name}: '${bad}' is not one of ${options.allowed.join(', ')}.`);
    }
    if (options.maxItems !== undefined && items.length > options.maxItems) {
      this.fail(`${name} accepts at most ${options.maxItems} values.`);
    }
    return items as T[];
  }

  /** ISO-8601 date-time (a bare date is accepted too, as CC does). */
  dateTime(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms)) this.fail(`${name} must be an ISO-8601 date-time, e.g. 2024-01-31T13:00:00Z.`);
    return ms;
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor this sandbox issued; anything else is a 400 on `cursor`. */
export function decodeCursor<T>(cursor: string, area: string): T {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw validationError(area, 'cursor is not valid; follow _links.next.href as returned.');
  }
}
