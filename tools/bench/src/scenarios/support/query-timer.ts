// Where a job's time goes, watched from outside the API: every SQL statement the data source's query runners send
// (timed and grouped by what it writes or reads) and every call through the one CC client (timed, pacing waits included).
// The jobs are not touched: the instances' methods are wrapped for the measured phase and restored after it.
import type { DataSource, QueryRunner } from 'typeorm';
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
type CreateQueryRunner = (...args: unknown[]) => QueryRunner;

/**
 * Times every statement a query runner of this data source sends until stop(). The runner is where every path
 * ends: `dataSource.query` and `EntityManager.query` hand over to one, and the typed SQL layer (`sql.*`) calls
 * `createQueryRunner().query(…, true)` or its transaction's runner directly, bypassing `dataSource.query`. So the
 * runners the data source creates while watched get a timed `query` (a transaction's runner as it starts).
 */
/** Told of every statement watchSql times (PageTimeline; read-latency's plan capture). */
export interface StatementListener {
  statement(name: string, ms: number, rows: number, sql: string, parameters?: unknown[]): void;
}

export function watchSql(dataSource: DataSource, listener?: StatementListener): Timings {
  const groups = new Map<string, TimedGroup>();
  let watching = true;
  const timed = (original: QueryFn): QueryFn =>
    async (sql, parameters, ...rest) => {
      // A runner created while watched may outlive stop(): it then runs untimed.
      if (!watching) return original(sql, parameters, ...rest);
      const started = performance.now();
      try {
        return await original(sql, parameters, ...rest);
      } finally {
        const name = classifySql(sql);
        const entry = group(groups, name);
        const ms = performance.now() - started;
        const rows = Array.isArray(parameters?.[0]) ? (parameters[0] as unknown[]).length : 0;
        entry.count++;
        entry.ms += ms;
        entry.rows += rows;
        listener?.statement(name, ms, rows, sql, parameters);
      }
    };
  const restore = patchMethod(dataSource as unknown as { createQueryRunner: CreateQueryRunner }, 'createQueryRunner', (original) =>
    (...args: unknown[]) => {
      const runner = original(...args);
      patchMethod(runner as unknown as { query: QueryFn }, 'query', timed);
      return runner;
    },
  );
  return timings(groups, () => {
    watching = false;
    restore();
  });
}

/** Times every CtctClient.request (per V3 operation): HTTP, pacing waits, retries and the API-log write. */
export function watchCcCalls(client: CtctClient, timeline?: PageTimeline): Timings {
  const groups = new Map<string, TimedGroup>();
  const restore = patchMethod(client as unknown as { request: (request: CtctRequest) => Promise<unknown> }, 'request', (original) =>
    async (request: CtctRequest) => {
      const started = performance.now();
      timeline?.callStarted(request.operation);
      try {
        return await original(request);
      } finally {
        const entry = group(groups, request.operation);
        const ms = performance.now() - started;
        entry.count++;
        entry.ms += ms;
        timeline?.callEnded(request.operation, ms);
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

/** What one page of a paged job cost: its CC call, then the work on it until the next call. */
export interface PageCost {
  /** The CC call that fetched the page (pacing wait, HTTP, API-log write). */
  ccMs: number;
  /** From the end of that call to the start of the next one: the job's own work on the page. */
  workMs: number;
  /** SQL statements sent during that work (the ones inside CC calls — budget, API log — are not the page's). */
  sqlMs: number;
  statements: number;
  /** Of which the statement group `insertGroup` (e.g. the Interactions insert), and the rows it was given. */
  insertMs: number;
  insertRows: number;
}

/** The statement that ends a page's work: the run's checkpoint, saved after every page (RunsRepository.checkpoint). */
const CHECKPOINT = /\bSET checkpoint\b/i;

/**
 * Splits a run into pages: each call of one of `operations` starts a page, and the SQL sent outside CC calls until
 * the page's checkpoint is that page's. SQL after a checkpoint and before the next call (the end of the run: the
 * link job's pass over vanished contacts) is counted apart, in `outsidePagesSqlMs`. Fed by watchSql and
 * watchCcCalls; the jobs call CC one request at a time.
 */
export class PageTimeline {
  readonly pages: PageCost[] = [];
  outsidePagesSqlMs = 0;
  private inCall = 0;
  private lastCallEnd: number | null = null;
  private pageClosed = false;
  private readonly operations: ReadonlySet<string>;

  constructor(
    operations: Iterable<string>,
    private readonly insertGroup?: string,
  ) {
    this.operations = new Set(operations);
  }

  callStarted(operation: string): void {
    const now = performance.now();
    const current = this.pages.at(-1);
    if (current && this.lastCallEnd !== null) current.workMs += now - this.lastCallEnd;
    this.lastCallEnd = null;
    if (this.operations.has(operation)) {
      this.pages.push({ ccMs: 0, workMs: 0, sqlMs: 0, statements: 0, insertMs: 0, insertRows: 0 });
      this.pageClosed = false;
    }
    this.inCall++;
  }

  callEnded(operation: string, ms: number): void {
    this.inCall--;
    if (this.operations.has(operation) && this.pages.length) this.pages[this.pages.length - 1].ccMs += ms;
    if (this.inCall === 0) this.lastCallEnd = performance.now();
  }

  statement(name: string, ms: number, rows: number, sql = ''): void {
    const page = this.pages.at(-1);
    if (this.inCall > 0 || !page) return;
    if (this.pageClosed) {
      this.outsidePagesSqlMs += ms;
      return;
    }
    if (CHECKPOINT.test(sql)) this.pageClosed = true;
    page.sqlMs += ms;
    page.statements++;
    if (name === this.insertGroup) {
      page.insertMs += ms;
      page.insertRows += rows;
    }
  }

  /** The work after the last call (the run's end) belongs to the last page. */
  finish(): void {
    const current = this.pages.at(-1);
    if (current && this.lastCallEnd !== null) current.workMs += performance.now() - this.lastCallEnd;
    this.lastCallEnd = null;
  }
}
