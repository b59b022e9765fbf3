import { SandboxClock, utcDayKey } from '../clock';

export interface RateLimitConfig {
  perSecond: number;
  perDay: number;
  /**
   * CC's token endpoint (authz, not V3) admits one request per second per application (CC API support: "The new
   * rate limit for the endpoint to acquire tokens is 1 request/second"); default 1. Not counted in the daily quota.
   */
  tokenPerSecond?: number;
}
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perSecond: 4, perDay: 10_000 };
/** CC's partner plan, for benches that want to see a bigger budget. */
export const PARTNER_RATE_LIMIT: RateLimitConfig = { perSecond: 20, perDay: 250_000 };

export type RateDecision = 'ok' | 'throttled' | 'quota_exceeded';

/**
 * CC's per-application budget, keyed by the token's client id. The per-second limit is a strict window
 * on wall-clock seconds (no second ever admits more than `perSecond`); the daily quota resets at
 * 00:00 UTC of the sandbox clock, so a clock offset can carry a test over midnight.
 */
export class RateLimiter {
  private seconds = new Map<string, { second: number; count: number }>();
  private days = new Map<string, { day: string; count: number }>();
  private lastTokenRequest = new Map<string, number>();

  constructor(
    private readonly clock: SandboxClock,
    private config: RateLimitConfig | false,
  ) {}

  configure(config: RateLimitConfig | false): void {
    this.config = config;
  }

  getConfig(): RateLimitConfig | false {
    return this.config;
  }

  reset(): void {
    this.seconds.clear();
    this.days.clear();
    this.lastTokenRequest.clear();
  }

  /**
   * The token endpoint's limit: a request within 1/tokenPerSecond of the last admitted one (sliding, on the
   * wall clock) is refused. Refused requests do not move the window, as a caller that waits a second gets in.
   */
  admitTokenRequest(clientId: string): boolean {
    if (!this.config) return true;
    const intervalMs = 1000 / (this.config.tokenPerSecond ?? 1);
    const now = Date.now();
    const last = this.lastTokenRequest.get(clientId);
    if (last !== undefined && now - last < intervalMs) return false;
    this.lastTokenRequest.set(clientId, now);
    return true;
  }

  /** Decides and, when admitted, spends one request of the client's budget. */
  admit(clientId: string): RateDecision {
    if (!this.config) return 'ok';
    const day = utcDayKey(this.clock.now());
    let daily = this.days.get(clientId);
    if (!daily || daily.day !== day) {
      daily = { day, count: 0 };
      this.days.set(clientId, daily);
    }
    if (daily.count >= this.config.perDay) return 'quota_exceeded';
    const second = Math.floor(Date.now() / 1000);
    let window = this.seconds.get(clientId);
    if (!window || window.second !== second) {
      window = { second, count: 0 };
      this.seconds.set(clientId, window);
    }
    if (window.count >= this.config.perSecond) return 'throttled';
    window.count++;
    daily.count++;
    return 'ok';
  }

  usedToday(clientId: string): number {
    const daily = this.days.get(clientId);
    return daily && daily.day === utcDayKey(this.clock.now()) ? daily.count : 0;
  }
}
