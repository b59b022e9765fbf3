// Where a job's time goes, watched from outside the API: every SQL statement the data source runs (timed and
// grouped by what it writes or reads) and every call through the one CC client (timed, pacing waits included).
// The jobs are not touched: the instances' methods are wrapped for the measured phase and restored after it.
import type { DataSource } from 'typeorm';
import type { CtctClient, CtctRequest } from '../../../../../apps/api/src/modules/ctct';

export interface TimedGroup {
  /** Statements (or calls) in the group. */
  count: number;
  ms: number;
  /** Rows offered to the statements: the length of their first array parameter (unnest inserts), else 0. */
  rows: number;
}

/**
 * Names a statement by its effect, so the timings group per page-level operation:
 * `insert interactions`, `update sync_runs`, `select contacts`; a WITH statement is prefixed by its first CTE
 * (`incoming: insert interactions`, `opted_out: insert interactions`) since two jobs write the same table differently.
 */
export function classifySql(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const write = /\b(INSERT INTO|UPDATE|DELETE FROM)\s+("?[\w.]+"?)/i.exec(text);
  const read = /\bFROM\s+("?[\w.]+"?)/i.exec(text);
  const target = write
    ? `${write[1].split(' ')[0].toLowerCase()} ${unquote(write[2])}`
    : read
      ? `select ${unquote(read[1])}`
      : text.split(' ', 2).join(' ').toLowerCase();
  const cte = /^WITH (?:RECURSIVE )?("?\w+"?) AS/i.exec(text);
  return cte ? `${unquote(cte[1])}: ${target}` : target;
}

function unquote(name: string): string {
  return name.replace(/"/g, '');
}

export interface Timings {
  /** Per statement group (classifySql) or per CC operation. */
  groups: Map<string, TimedGroup>;
  /** Sum of every timed call (overlapping calls count each). */
  totalMs(): number;
  stop(): void;
}

function group(groups: Map<string, TimedGroup>, key: string): TimedGroup {
  let entry = groups.get(key);
  if (!entry) groups.set(key, (entry = { count: 0, ms: 0, rows: 0 }));
  return entry;
}

function timings(groups: Map<string, TimedGroup>, restore: () => void): Timings {
  return {
    groups,
    totalMs: () => [...groups.values()].reduce((sum, entry) => sum + entry.ms, 0),
    stop: restore,
  };
}

/**
 * Replaces `target[name]` with `wrap(original)` on the instance; the returned function undoes it (deleting the
 * instance's own property when the method came from the prototype, so nothing of the bench stays behind).
 */
function patchMethod<T extends object, K extends keyof T>(target: T, name: K, wrap: (original: T[K]) => T[K]): () => void {
  const own = Object.prototype.hasOwnProperty.call(target, name);
  const original = target[name];
  target[name] = wrap(typeof original === 'function' ? (original.bind(target) as T[K]) : original);
  return () => {
    if (own) target[name] = original;
    else delete target[name];
  };
}

type QueryFn = (sql: string, parameters?: unknown[], ...rest: unknown[]) => Promise<unknown>;

/**
 * Times every `dataSource.query` until stop(). That is every raw statement the jobs send: EntityManager.query
 * (the mirror's upsert, transactions' managers) hands over to it with its query runner.
 */
export function watchSql(dataSource: DataSource): Timings {
  const groups = new Map<string, TimedGroup>();
  const timed = (original: QueryFn): QueryFn =>
    async (sql, parameters, ...rest) => {
      const started = performance.now();
      try {
        return await original(sql, parameters, ...rest);
      } finally {
        const entry = group(groups, classifySql(sql));
        entry.count++;
        entry.ms += performance.now() - started;
        entry.rows += Array.isArray(parameters?.[0]) ? (parameters[0] as unknown[]).length : 0;
      }
    };
  return timings(groups, patchMethod(dataSource as unknown as { query: QueryFn }, 'query', timed));
}

/** Times every CtctClient.request (per V3 operation): HTTP, pacing waits, retries and the API-log write. */
export function watchCcCalls(client: CtctClient): Timings {
  const groups = new Map<string, TimedGroup>();
  const restore = patchMethod(client as unknown as { request: (request: CtctRequest) => Promise<unknown> }, 'request', (original) =>
    async (request: CtctRequest) => {
      const started = performance.now();
      try {
        return await original(request);
      } finally {
        const entry = group(groups, request.operation);
        entry.count++;
        entry.ms += performance.now() - started;
      }
    },
  );
  return timings(groups, restore);
}

/** The groups as `{ name: { count, ms, rows? } }`, slowest first, ms rounded: for a result line's extras. */
export function describeGroups(groups: Map<string, TimedGroup>, top = 8): Record<string, { count: number; ms: number; rows?: number }> {
  return Object.fromEntries(
    [...groups.entries()]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .slice(0, top)
      .map(([name, entry]) => [name, { count: entry.count, ms: Math.round(entry.ms), ...(entry.rows ? { rows: entry.rows } : {}) }]),
  );
}
