// Pure helpers that shape a scenario's figures into its result line (unit-tested in figures.spec.ts).

/** What a scenario measured; the runner adds `scenario` and `rowsPerSec`. */
export interface ScenarioFigures {
  /** CC requests the sandbox counted during the measured phase (`control.stats().total`). */
  apiCalls: number;
  /** The fewest CC calls the V3 API allows for the same work (see lower-bound.ts). */
  lowerBound: number;
  wallMs: number;
  /** Rows of work done (contacts linked, log rows, tracking rows…): the scenario says which. */
  rows: number;
  /** Peak RSS of the process that did the work. */
  peakRssMb: number;
  /**
   * How cost grows with size, as ratios (1 = flat): e.g. the SQL time of the last 10% of pages over the first 10%,
   * or a query's p95 at 1,000,000 rows over its p95 at 50,000. Printed as `growth` after the common fields, and
   * gathered by the runner into one summary line, so a regression shows at a glance.
   */
  growth?: Record<string, number | null>;
  /** The targets for this scenario, each met or not (reported, never asserted). */
  targets?: Record<string, boolean>;
  /** Scenario-specific figures, appended after the common fields. */
  extras?: Record<string, unknown>;
}

export const COMMON_FIELDS = ['scenario', 'apiCalls', 'lowerBound', 'wallMs', 'rows', 'rowsPerSec', 'peakRssMb'] as const;

/** Rows per second of wall time; null when no time passed. */
export function rowsPerSecond(rows: number, wallMs: number): number | null {
  if (!(wallMs > 0)) return null;
  return roundFigure((rows * 1000) / wallMs);
}

/** Whole numbers from 100 up, one decimal below (a 0.4 ms query should not read 0). */
export function roundFigure(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value at percentile `p` (0–100) by the nearest-rank method: p95 of 20 runs is the 19th fastest. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** `value / base` to two decimals; null when there is no base to compare with. */
export function ratio(value: number, base: number): number | null {
  if (!(base > 0) || !Number.isFinite(value)) return null;
  return Math.round((value / base) * 100) / 100;
}

/**
 * Growth along a series measured in order (per page, per batch): the mean of its last `share` over the mean of its
 * first `share` (at least one value each). 1 means the tenth page cost what the first did; null below two values.
 */
export function tailGrowth(series: readonly number[], share = 0.1): number | null {
  if (series.length < 2) return null;
  const take = Math.max(1, Math.floor(series.length * share));
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return ratio(mean(series.slice(-take)), mean(series.slice(0, take)));
}

/**
 * The runner's one-line summary of every growth ratio and missed target of the scenarios that ran, e.g.
 * `link-full-1m sqlGrowth 1.08 · search-1m firstPageP95 1.4 · missed: link-full-1m.wallWithin5pct`.
 */
export function growthSummary(results: ReadonlyArray<{ scenario: string; figures: ScenarioFigures }>): string | null {
  const parts: string[] = [];
  const missed: string[] = [];
  for (const { scenario, figures } of results) {
    const ratios = Object.entries(figures.growth ?? {}).map(([name, value]) => `${name} ${value ?? 'n/a'}`);
    if (ratios.length) parts.push(`${scenario} ${ratios.join(', ')}`);
    for (const [name, met] of Object.entries(figures.targets ?? {})) if (!met) missed.push(`${scenario}.${name}`);
  }
  if (parts.length === 0 && missed.length === 0) return null;
  return [...parts, missed.length ? `missed: ${missed.join(', ')}` : 'every target met'].join(' · ');
}

/** One result line: the common fields in a fixed order, then the extras (which cannot override them). */
export function formatResult(scenario: string, figures: ScenarioFigures): string {
  const line: Record<string, unknown> = {
    scenario,
    apiCalls: figures.apiCalls,
    lowerBound: figures.lowerBound,
    wallMs: Math.round(figures.wallMs),
    rows: figures.rows,
    rowsPerSec: rowsPerSecond(figures.rows, figures.wallMs),
    peakRssMb: Math.round(figures.peakRssMb),
  };
  if (figures.growth) line.growth = figures.growth;
  if (figures.targets) line.targets = figures.targets;
  for (const [key, value] of Object.entries(figures.extras ?? {})) {
    if (!(key in line)) line[key] = value;
  }
  return JSON.stringify(line);
}

/** The line printed instead when a scenario crashed. */
export function formatError(scenario: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return JSON.stringify({ scenario, error: message });
}
