/**
 * The sandbox's notion of "now". Everything CC would timestamp (contacts, tokens, the daily quota)
 * reads this clock, so a test can jump past a token's expiry or past 00:00 UTC by setting an offset.
 */
export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  setOffsetMs(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }

  getOffsetMs(): number {
    return this.offsetMs;
  }
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** CC returns `deleted_at` on contacts as a calendar date (format: date), not a timestamp. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function utcDayKey(ms: number): string {
  return isoDate(ms);
}
