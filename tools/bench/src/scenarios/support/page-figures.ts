// What a paged run's per-page costs say about growth and about being call-bound (pure; unit-tested).
import { percentile, ratio, roundFigure, tailGrowth } from '../../figures';
import { CC_LIMITS } from '../../lower-bound';
import type { PageCost, StepCost } from './query-timer';

export interface PageFigures {
  pages: number;
  /** Mean SQL ms per page: the first 10% of pages, the last 10%. */
  sqlMsFirstTenth: number | null;
  sqlMsLastTenth: number | null;
  /** The job's own work on a page (SQL and JS, between one CC call and the next). */
  workMsP50: number | null;
  workMsP95: number | null;
  workMsMax: number | null;
}

export interface PageGrowth {
  /** SQL time of the last 10% of pages over the first 10% (issue 16: ≤ 1.5). */
  sqlGrowth: number | null;
  /** The same for the whole work on a page. */
  workGrowth: number | null;
}

const mean = (values: number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);
const tenth = (values: number[], last: boolean) => {
  const take = Math.max(1, Math.floor(values.length / 10));
  return last ? values.slice(-take) : values.slice(0, take);
};
const rounded = (value: number | null) => (value === null ? null : roundFigure(value));

export function pageFigures(pages: readonly StepCost[]): { figures: PageFigures; growth: PageGrowth } {
  const sql = pages.map((page) => page.sqlMs);
  const work = pages.map((page) => page.workMs);
  return {
    figures: {
      pages: pages.length,
      sqlMsFirstTenth: rounded(mean(tenth(sql, false))),
      sqlMsLastTenth: rounded(mean(tenth(sql, true))),
      workMsP50: work.length ? rounded(percentile(work, 50)) : null,
      workMsP95: work.length ? rounded(percentile(work, 95)) : null,
      workMsMax: work.length ? rounded(Math.max(...work)) : null,
    },
    growth: { sqlGrowth: tailGrowth(sql), workGrowth: tailGrowth(work) },
  };
}

export interface CallBound {
  /** `apiCalls` at CC's 4 requests/s: the wall time a call-bound run cannot beat (issue 16: wall within 5% of it). */
  callsAt4PerSecMs: number;
  /** The API's own floor at 4/s: it spaces calls 1/4 s plus its pacing margin (CTCT_RATE_MARGIN_MS) apart. */
  pacedFloorMs: number;
  wallVsCallsAt4PerSec: number | null;
  /**
   * Measured at a raised rate: what the run would take at 4/s, each page costing the longer of its pacing slot and
   * its own call + work. Equal to the measured wall time when measured at 4/s.
   */
  projectedWallMsAt4PerSec: number;
}

export function callBound(
  apiCalls: number,
  wallMs: number,
  pages: readonly PageCost[],
  marginMs: number,
  measuredPerSecond: number,
  steps: readonly StepCost[] = [],
): CallBound {
  const slotMs = 1000 / CC_LIMITS.requestsPerSecond;
  const callsAt4PerSecMs = apiCalls * slotMs;
  // Steps (work after the last page, no call) take as long at any rate.
  const projected =
    measuredPerSecond === CC_LIMITS.requestsPerSecond
      ? wallMs
      : pages.reduce((sum, page) => sum + Math.max(slotMs + marginMs, page.ccMs + page.workMs), 0) +
        Math.max(0, apiCalls - pages.length) * (slotMs + marginMs) +
        steps.reduce((sum, step) => sum + step.workMs, 0);
  return {
    callsAt4PerSecMs: Math.round(callsAt4PerSecMs),
    pacedFloorMs: Math.round(apiCalls * (slotMs + marginMs)),
    wallVsCallsAt4PerSec: ratio(projected, callsAt4PerSecMs),
    projectedWallMsAt4PerSec: Math.round(projected),
  };
}
