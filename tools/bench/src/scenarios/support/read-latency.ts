// Read paths measured as the admin meets them: HTTP GETs by a signed-in agent (validation, session, SQL and JSON
// included), repeated to give a p95; and, when one is slow, the EXPLAIN (ANALYZE, BUFFERS) of its slowest
// statement on stderr, to see which index it lacks.
import type { DataSource } from 'typeorm';
import { percentile, roundFigure } from '../../figures';
import { progress } from '../../log';
import type { BenchAgent } from './push-bench';
import { watchSql } from './query-timer';

/** Above this p95 a read is explained on stderr (BENCH_SLOW_QUERY_MS to change; the issue's target is 50 ms). */
export const SLOW_READ_MS = Number(process.env.BENCH_SLOW_QUERY_MS ?? 50);

/** GETs `path` once (warm-up, not counted: the first also plans and caches), then `runs` times; the p95 in ms. */
export async function p95OfGets(agent: BenchAgent, path: string, runs = 20): Promise<number> {
  await getOk(agent, path);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await getOk(agent, path);
    times.push(performance.now() - started);
  }
  return roundFigure(percentile(times, 95));
}

/** GET that must answer 200; returns the body. */
export async function getOk<T = unknown>(agent: BenchAgent, path: string): Promise<T> {
  const response = await agent.get(path);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  return response.body as T;
}

/**
 * Runs `work` once with the data source's statements captured, and prints EXPLAIN (ANALYZE, BUFFERS) of the
 * slowest SELECT among them (the session lookups of a request are fast; the read under test is the slow one).
 */
export async function explainSlowest(dataSource: DataSource, scope: string, label: string, work: () => Promise<unknown>): Promise<void> {
  const captured: Array<{ sql: string; parameters?: unknown[]; ms: number }> = [];
  const watch = watchSql(dataSource, { statement: (_name, ms, _rows, sql, parameters) => void captured.push({ sql, parameters, ms }) });
  try {
    await work();
  } finally {
    watch.stop();
  }
  const slowest = captured.filter((entry) => /^\s*(SELECT|WITH)\b/i.test(entry.sql)).sort((a, b) => b.ms - a.ms)[0];
  if (!slowest) return;
  const plan: Array<{ 'QUERY PLAN': string }> = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`, slowest.parameters);
  progress(
    scope,
    `${label} is slower than ${SLOW_READ_MS} ms at p95; its plan:\n${plan.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`,
  );
}
