import type { ScenarioFigures } from '../figures';

/** One benchmark: registered by name in scenarios/index.ts, run by run-benchmarks.ts, printed as one JSON line. */
export interface BenchScenario {
  /** The name on the command line and in the result line (kebab-case, with the size: `link-full-50k`). */
  name: string;
  /** One line: what is measured, at what size. */
  description: string;
  /**
   * A 1,000,000-row scenario: run only with `--large` (or by name), so the default bench stays under 20 minutes.
   */
  large?: boolean;
  /** Sets up, measures, cleans up (throwaway database, sandbox process) and returns the figures. */
  run(): Promise<ScenarioFigures>;
}
