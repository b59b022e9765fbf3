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
  const timed =
    (original: QueryFn): QueryFn =>
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
  const restore = patchMethod(
    dataSource as unknown as { createQueryRunner: CreateQueryRunner },
    'createQueryRunner',
    (original) =>
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
  const restore = patchMethod(
    client as unknown as { request: (request: CtctRequest) => Promise<unknown> },
    'request',
    (original) => async (request: CtctRequest) => {
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

/** What one page of a paged job cost: its CC call, then the work on it up to its checkpoint. */
export interface PageCost {
  /** The CC call that fetched the page (pacing wait, HTTP, API-log write). */
  ccMs: number;
  /** From the end of that call to the end of the page's checkpoint: the job's own work on the page. */
  workMs: number;
  /** SQL statements sent during that work (the ones inside CC calls — budget, API log — are not the page's). */
  sqlMs: number;
  statements: number;
  /** Of which the statement group `insertGroup` (e.g. the Interactions insert), and the rows it was given. */
  insertMs: number;
  insertRows: number;
}

/** A checkpointed step of work after the last page, without a CC call (the link job's match phase). */
export type StepCost = Omit<PageCost, 'ccMs'>;

/** The statement that ends a unit of work: the run's checkpoint, saved after every page and step. */
const CHECKPOINT = /\bSET checkpoint\b/i;

interface Segment {
  cost: StepCost & { ccMs?: number };
  kind: 'page' | 'step';
  /** When its work started (the end of the page's call; the previous checkpoint for a step); null during the call. */
  workFrom: number | null;
}

const emptyCost = (): StepCost => ({ workMs: 0, sqlMs: 0, statements: 0, insertMs: 0, insertRows: 0 });

/**
 * Splits a run into units of work ended by the run's checkpoints: a page starts at each call of one of `operations`
 * and ends at its checkpoint; after the last page, each checkpointed stretch of work without a CC call is a step
 * (the link job matches in PostgreSQL after listing CC). SQL inside CC calls (budget, API log) belongs to none, nor
 * does what follows the last checkpoint (the run's completion): `outsideSqlMs`. Fed by watchSql and watchCcCalls;
 * the jobs call CC one request at a time.
 */
export class PageTimeline {
  readonly pages: PageCost[] = [];
  readonly steps: StepCost[] = [];
  /** The steps' SQL by statement group (classifySql), to see what the work after the pages is made of. */
  readonly stepGroups = new Map<string, TimedGroup>();
  outsideSqlMs = 0;
  private inCall = 0;
  private open: Segment | null = null;
  private readonly operations: ReadonlySet<string>;

  constructor(
    operations: Iterable<string>,
    private readonly insertGroup?: string,
  ) {
    this.operations = new Set(operations);
  }

  callStarted(operation: string): void {
    if (this.operations.has(operation)) {
      // A step cut short by a new page (heartbeats between pages) is not a step.
      if (this.open?.kind === 'step') this.outsideSqlMs += this.open.cost.sqlMs;
      const page: PageCost = { ccMs: 0, ...emptyCost() };
      this.pages.push(page);
      this.open = { cost: page, kind: 'page', workFrom: null };
    }
    this.inCall++;
  }

  callEnded(operation: string, ms: number): void {
    this.inCall--;
    if (this.operations.has(operation) && this.open?.kind === 'page') {
      this.open.cost.ccMs = (this.open.cost.ccMs ?? 0) + ms;
      this.open.workFrom = performance.now();
    }
  }

  statement(name: string, ms: number, rows: number, sql = ''): void {
    if (this.inCall > 0) return;
    if (!this.open) {
      this.outsideSqlMs += ms;
      return;
    }
    const cost = this.open.cost;
    cost.sqlMs += ms;
    cost.statements++;
    if (this.open.kind === 'step') {
      const entry = group(this.stepGroups, name);
      entry.count++;
      entry.ms += ms;
      entry.rows += rows;
    }
    if (name === this.insertGroup) {
      cost.insertMs += ms;
      cost.insertRows += rows;
    }
    if (!CHECKPOINT.test(sql)) return;
    const now = performance.now();
    cost.workMs = now - (this.open.workFrom ?? now);
    if (this.open.kind === 'step') this.steps.push(cost);
    this.open = { cost: emptyCost(), kind: 'step', workFrom: now };
  }

  /** What follows the last checkpoint (the run's completion) is no page's or step's. */
  finish(): void {
    if (this.open?.kind === 'step') this.outsideSqlMs += this.open.cost.sqlMs;
    this.open = null;
  }
}
