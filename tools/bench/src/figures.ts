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
