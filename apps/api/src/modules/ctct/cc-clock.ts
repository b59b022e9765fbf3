/**
 * Constant Contact's clock, as far as we can tell. CC's daily quota resets at 00:00 UTC *by CC's clock*, and CC
 * tells us nothing about it but the `Date` header of each answer (whole seconds). If we waited for our own
 * midnight, a clock a few seconds ahead of CC's would read a `quota_exceeded` sent at CC's 23:59:58 as if it came
 * after midnight and stop everything for a day. So we estimate `offsetMs` = CC's clock − ours, with its
 * uncertainty, and derive CC's day, its next reset and what to do about a `quota_exceeded` from it.
 */
export interface CcClock {
  /** CC's clock minus ours (ms). */
  offsetMs: number;
  /** Half the width of the interval the true offset lies in; null when never measured (then assume ±1 s). */
  uncertaintyMs: number | null;
}

export const UNMEASURED_CC_CLOCK: CcClock = { offsetMs: 0, uncertaintyMs: null };

const DAY_MS = 86_400_000;
/** Whole-second Date headers: without a measurement, CC's clock is assumed within a second of ours. */
const DEFAULT_UNCERTAINTY_MS = 1_000;
/** Samples older than this are forgotten, so the estimate follows a drifting or re-set clock. */
const SAMPLE_LIFETIME_MS = 10 * 60_000;
/** Calls resume this long after CC's midnight at the latest it can be, so we are never early. */
export const RESET_MARGIN_MS = 1_000;
/**
 * A `quota_exceeded` this soon after CC's midnight (by our estimate) may still be yesterday's: CC's own reset can
 * lag, or our estimate is a little early. Within this window we retry with a short backoff instead of waiting a day.
 */
export const RESET_GRACE_MS = 10 * 60_000;
const MIN_RESET_BACKOFF_MS = 2_000;
const MAX_RESET_BACKOFF_MS = 60_000;

/**
 * Narrows CC's clock offset from answers: an answer stamped `D` (CC's clock, truncated to the second) was made
 * between our send and receive times, so the offset lies in [D − received, D + 1 s − sent]. Intersecting the
 * intervals of many answers pins it down to a few tens of ms; an answer outside the interval (CC's clock moved,
 * or ours did) starts over from that answer.
 */
export class CcClockEstimator {
  private low = -Infinity;
  private high = Infinity;
  private startedAt = -Infinity;

  /** Takes one answer's Date header; returns true when the estimate changed. */
  observe(dateHeader: string | null, sentMs: number, receivedMs: number): boolean {
    const stamped = dateHeader ? Date.parse(dateHeader) : NaN;
    if (!Number.isFinite(stamped) || receivedMs < sentMs) return false;
    const low = stamped - receivedMs;
    const high = stamped + 1_000 - sentMs;
    const stale = receivedMs - this.startedAt > SAMPLE_LIFETIME_MS;
    if (stale || low > this.high || high < this.low) {
      this.low = low;
      this.high = high;
      this.startedAt = receivedMs;
      return true;
    }
    if (low <= this.low && high >= this.high) return false;
    this.low = Math.max(this.low, low);
    this.high = Math.min(this.high, high);
    return true;
  }

  /** The estimate, or null before the first answer. */
  estimate(): CcClock | null {
    if (!Number.isFinite(this.low)) return null;
    return { offsetMs: (this.low + this.high) / 2, uncertaintyMs: (this.high - this.low) / 2 };
  }
}

/** CC's calendar day (UTC, by CC's clock) at our time `nowMs`: 'YYYY-MM-DD'. */
export function ccDay(nowMs: number, clock: CcClock): string {
  return new Date(nowMs + clock.offsetMs).toISOString().slice(0, 10);
}

/** When CC's current day began, in our time (its midnight by the estimate). */
export function ccDayStart(nowMs: number, clock: CcClock): number {
  const ccNow = nowMs + clock.offsetMs;
  return Math.floor(ccNow / DAY_MS) * DAY_MS - clock.offsetMs;
}

/**
 * When CC's quota is sure to have reset, in our time: CC's next midnight at the latest it can be (offset at its
 * lower bound), plus a margin. Found from the earliest CC's clock can be now, so a time just before CC's midnight
 * resumes in seconds, not tomorrow.
 */
export function nextCcReset(nowMs: number, clock: CcClock): number {
  const uncertainty = clock.uncertaintyMs ?? DEFAULT_UNCERTAINTY_MS;
  const earliestCcNow = nowMs + clock.offsetMs - uncertainty;
  const midnight = (Math.floor(earliestCcNow / DAY_MS) + 1) * DAY_MS;
  return midnight - (clock.offsetMs - uncertainty) + RESET_MARGIN_MS;
}

export interface QuotaStop {
  /** Our time at which calls may resume. */
  resumeAtMs: number;
  /** True when CC's day began moments ago: a short backoff, not a day. */
  nearReset: boolean;
  /** Why, for the API log and the "resumes at" sentence. */
  reason: string;
}

/**
 * What a `quota_exceeded` means at our time `nowMs`. Before CC's midnight: stop until CC's reset (however soon).
 * Just after it (within RESET_GRACE_MS, the earliest CC's clock can be): CC has not rolled its day over yet, so
 * retry after a backoff that grows with the time since the reset (2 s, then about doubling, at most a minute).
 * So a `quota_exceeded` near midnight never stops calls for longer than the reset plus a few minutes.
 */
export function quotaStop(nowMs: number, clock: CcClock): QuotaStop {
  const uncertainty = clock.uncertaintyMs ?? DEFAULT_UNCERTAINTY_MS;
  const earliestCcNow = nowMs + clock.offsetMs - uncertainty;
  const sinceReset = earliestCcNow - Math.floor(earliestCcNow / DAY_MS) * DAY_MS;
  if (sinceReset < RESET_GRACE_MS) {
    const backoff = Math.min(MAX_RESET_BACKOFF_MS, Math.max(MIN_RESET_BACKOFF_MS, sinceReset));
    const ago = Math.round(sinceReset / 1000);
    return {
      resumeAtMs: nowMs + backoff,
      nearReset: true,
      reason: `HTTP 429 quota_exceeded ${ago} s after Constant Contact's midnight (by its clock): its day has not rolled over yet`,
    };
  }
  return {
    resumeAtMs: nextCcReset(nowMs, clock),
    nearReset: false,
    reason: "HTTP 429 quota_exceeded: the daily quota is used up until Constant Contact's midnight (00:00 UTC by its clock)",
  };
}
