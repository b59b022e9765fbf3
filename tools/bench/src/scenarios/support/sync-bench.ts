// What the sync benches share: running a job the way "Sync now" does and measuring it (CC calls from the
// sandbox's counters, wall time, peak RSS, where the time went), and talking to the sandbox's V3 API directly
// for setup (changing contacts, counting report rows) with its rate limit lifted, outside the measured phase.
import type { SyncJobName } from '@ctct/shared-types';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CtctClient } from '../../../../../apps/api/src/modules/ctct';
import { SettingsService } from '../../../../../apps/api/src/modules/settings';
import { type RunRow, RunsRepository, RunsService, RunWorker } from '../../../../../apps/api/src/modules/runs';
import type { ConnectedBenchApi } from '../../api-app';
import { progress } from '../../log';
import { collectGarbage, measure } from '../../measure';
import { currentRssMb } from '../../process-memory';
import type { SandboxProcess } from '../../sandbox-client';
import { PageTimeline, Timings, watchCcCalls, watchSql } from './query-timer';

/** A cron that does not fire during a bench (1 January, 00:00 UTC). */
const NEVER_DURING_A_BENCH = '0 0 1 1 *';

/**
 * Moves the three job schedules out of the way: the defaults (00:30, 01:00, 02:00 UTC) would otherwise start
 * a scheduled run in the middle of a measurement when the bench happens to run at that time. Also turns field
 * pushes off: the bench's CRM names differ from the sandbox's, so every link run's convergence would queue a name
 * push per linked contact, whose calls would land in the measured phase (field-push-latency turns them back on).
 */
export async function quietSchedules(app: NestExpressApplication): Promise<void> {
  const settings = app.get(SettingsService);
  await settings.set('sync.lists.cron', NEVER_DURING_A_BENCH);
  await settings.set('sync.link-contacts.cron', NEVER_DURING_A_BENCH);
  await settings.set('sync.activities.cron', NEVER_DURING_A_BENCH);
  await settings.set('push.fieldPushes', false);
}

/**
 * Runs a job as "Sync now" does (RunsService.requestRun, manual trigger; the app's own worker picks it
 * up at once) and resolves with the finished run. Throws when the run did not succeed.
 */
export async function runSyncJob(app: NestExpressApplication, job: SyncJobName): Promise<RunRow> {
  const worker = app.get(RunWorker);
  const runs = app.get(RunsRepository);
  const { run, created } = await app.get(RunsService).requestRun(job, 'manual');
  if (!created) throw new Error(`a ${job} run was already active (${run.id})`);
  for (;;) {
    await worker.poke(); // the worker's current drain: resolves when it is idle again
    const row = await runs.get(run.id);
    if (!row) throw new Error(`run ${run.id} vanished`);
    if (row.status === 'succeeded') return row;
    if (row.status !== 'queued' && row.status !== 'running')
      throw new Error(`${job} run ${row.status}: ${row.status_reason ?? 'no reason given'}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface MeasuredSyncRun {
  run: RunRow;
  /** CC requests the sandbox counted during the run (its counters were reset just before). */
  apiCalls: number;
  /** Of which answered 429 (the API's pacing should make this 0). */
  throttled: number;
  wallMs: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
  /** This process's RSS when the run started (what the app, the pool and the bench already held). */
  rssBeforeMb: number;
  sandboxPeakRssMb: number;
  sql: Timings;
  cc: Timings;
  /** Per page of the operations asked for in `measureSyncJob`'s `pages` option (empty otherwise). */
  pages: PageTimeline['pages'];
  /** Checkpointed work after the last page (the link job's match phase). */
  steps: PageTimeline['steps'];
  stepGroups: PageTimeline['stepGroups'];
  /** SQL of neither (the run's completion), kept out of the per-page figures. */
  outsideSqlMs: number;
}

export interface MeasureOptions {
  /** Split the run into pages at each call of these operations (e.g. getContacts) to see per-page growth. */
  pageOperations?: Iterable<string>;
  /** The statement group (classifySql) whose time and rows each page reports apart, e.g. the Interactions insert. */
  insertGroup?: string;
}

/**
 * Resets the sandbox's counters, runs the job (measured) with SQL and CC calls timed — per page when asked — and
 * reads the counters.
 */
export async function measureSyncJob(
  { app, dataSource, sandbox }: ConnectedBenchApi,
  job: SyncJobName,
  options: MeasureOptions = {},
): Promise<MeasuredSyncRun> {
  // The run starts from a collected heap and a fresh checkpoint: the setup's garbage (parsed report pages…) and the
  // dirty pages an earlier scenario left (api-log-query-1m writes 1,000,000 rows) would otherwise be billed to it.
  collectGarbage();
  await dataSource
    .query('CHECKPOINT')
    .catch((error: Error) => progress(job, `CHECKPOINT refused (${error.message}): timings may include an earlier scenario's writes`));
  await sandbox.control.resetStats();
  await sandbox.memory({ resetPeak: true });
  const timeline = new PageTimeline(options.pageOperations ?? [], options.insertGroup);
  const sql = watchSql(dataSource, timeline);
  const cc = watchCcCalls(app.get(CtctClient), timeline);
  const rssBeforeMb = currentRssMb();
  try {
    const measured = await measure(() => runSyncJob(app, job));
    timeline.finish();
    const stats = await sandbox.control.stats();
    const sandboxMemory = await sandbox.memory();
    return {
      run: measured.value,
      apiCalls: stats.total,
      throttled: stats.throttled,
      wallMs: measured.wallMs,
      peakRssMb: measured.peakRssMb,
      peakHeapUsedMb: measured.peakHeapUsedMb,
      rssBeforeMb,
      sandboxPeakRssMb: sandboxMemory.peakRssMb,
      sql,
      cc,
      pages: timeline.pages,
      steps: timeline.steps,
      stepGroups: timeline.stepGroups,
      outsideSqlMs: timeline.outsideSqlMs,
    };
  } finally {
    sql.stop();
    cc.stop();
  }
}

/** A run's counts as numbers (the counts column is jsonb, keys vary by job). */
export function runCount(run: RunRow, key: string): number {
  return Number((run.counts as unknown as Record<string, number>)[key] ?? 0);
}

/** The sandbox's V3 API called directly (setup only): a token of its own, the rate limit lifted meanwhile. */
export interface DirectV3 {
  get<T>(pathAndQuery: string): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

/**
 * Runs `work` against the sandbox's V3 API with its rate limit lifted (setup must not take minutes), then puts
 * the limit back and resets the counters, so nothing of the setup shows in the measured phase.
 */
export async function withDirectV3<T>(sandbox: SandboxProcess, work: (v3: DirectV3) => Promise<T>): Promise<T> {
  const limit = await sandbox.control.getRateLimit();
  const { access_token: token } = await sandbox.control.issueTokens();
  const call = async <R>(method: string, path: string, body?: unknown): Promise<R> => {
    const url = new URL(path.startsWith('/v3/') ? path : `/v3${path}`, sandbox.url);
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${url.pathname}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as R;
  };
  await sandbox.control.setRateLimit(false);
  try {
    return await work({ get: (path) => call('GET', path), put: (path, body) => call('PUT', path, body) });
  } finally {
    await sandbox.control.setRateLimit(limit);
    await sandbox.control.resetStats();
  }
}

/**
 * Follows `_links.next.href` from `first`, handing each page to `onPage` (which may return false to stop);
 * returns the number of pages read.
 */
export async function eachPage<P extends { _links?: { next?: { href?: string } } }>(
  v3: DirectV3,
  first: string,
  onPage: (page: P) => boolean | void,
): Promise<number> {
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const page: P = await v3.get<P>(next);
    pages++;
    if (onPage(page) === false) break;
    next = page._links?.next?.href;
  }
  return pages;
}

/**
 * Runs `work` (setup: a link run that a measured run needs behind it) with CC's rate limit lifted in the sandbox
 * and the API's own pacing raised to `perSecond`, then puts both back and resets the sandbox's counters. The API
 * reads its pacing from the config object it was built with (the bench's `config`) at every call.
 */
export async function withRaisedRate<T>({ config, sandbox }: ConnectedBenchApi, perSecond: number, work: () => Promise<T>): Promise<T> {
  const limit = await sandbox.control.getRateLimit();
  const rate = config.CTCT_RATE_PER_SECOND;
  await sandbox.control.setRateLimit(false);
  config.CTCT_RATE_PER_SECOND = perSecond;
  try {
    return await work();
  } finally {
    config.CTCT_RATE_PER_SECOND = rate;
    await sandbox.control.setRateLimit(limit);
    await sandbox.control.resetStats();
  }
}
