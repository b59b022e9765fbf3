import { Inject, Injectable } from '@nestjs/common';
import type { CtctBudgetDto } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CtctQuotaExceededError, nextUtcMidnight } from './ctct-errors';

/**
 * The CC request budget, shared by every API replica through one PostgreSQL row:
 * - pacing: each call reserves the next free slot, 1/perSecond (+ a small margin) after the previous one, so no
 *   second — however CC draws its windows — carries more than the limit;
 * - the daily quota: calls counted per UTC day (CC sends no rate headers, so we count), and a hard stop until
 *   00:00 UTC once CC says quota_exceeded.
 * Time comes from the database clock, so replicas with skewed clocks still agree.
 */
@Injectable()
export class RateBudgetService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get spacingMs(): number {
    return 1000 / this.config.CTCT_RATE_PER_SECOND + this.config.CTCT_RATE_MARGIN_MS;
  }

  /**
   * Waits for this call's slot; throws CtctQuotaExceededError when today's quota is gone. A caller that wakes
   * up late (a busy event loop) gives its slot up and takes a new one: sending late would bunch it with the
   * calls booked after it, and one second could then carry more than the limit.
   */
  async acquire(): Promise<void> {
    for (let tries = 0; ; tries++) {
      const waitMs = await this.reserveSlot();
      const due = Date.now() + waitMs;
      if (waitMs > 0) await sleep(waitMs);
      if (Date.now() - due <= this.config.CTCT_RATE_MARGIN_MS || tries >= 5) return;
    }
  }

  private async reserveSlot(): Promise<number> {
    const rows: { wait_ms: number }[] = await this.dataSource.query(
      `WITH now_utc AS (SELECT clock_timestamp() AS ts, (clock_timestamp() AT TIME ZONE 'utc')::date AS day)
       UPDATE ctct_rate_budget b SET
         used_today = CASE WHEN b.day = now_utc.day THEN b.used_today + 1 ELSE 1 END,
         day = now_utc.day,
         quota_exhausted_until = NULL,
         next_slot_at = greatest(now_utc.ts, b.next_slot_at) + make_interval(secs => $1::float8 / 1000)
       FROM now_utc
       WHERE b.id = 1
         AND (b.quota_exhausted_until IS NULL OR b.quota_exhausted_until <= now_utc.ts)
         AND (b.day <> now_utc.day OR b.used_today < $2)
       RETURNING greatest(0, extract(epoch FROM (b.next_slot_at - make_interval(secs => $1::float8 / 1000) - now_utc.ts)) * 1000)::float8 AS wait_ms`,
      [this.spacingMs, this.config.CTCT_RATE_PER_DAY],
    );
    const [slot] = rows[0] && Array.isArray(rows[0]) ? (rows[0] as { wait_ms: number }[]) : rows;
    if (!slot) throw new CtctQuotaExceededError(await this.resumesAt());
    return slot.wait_ms;
  }

  /** CC said quota_exceeded: every replica stops calling until 00:00 UTC. */
  async markQuotaExhausted(): Promise<Date> {
    const until = nextUtcMidnight(new Date());
    await this.dataSource.query(`UPDATE ctct_rate_budget SET quota_exhausted_until = $1 WHERE id = 1`, [until]);
    return until;
  }

  async snapshot(): Promise<CtctBudgetDto> {
    const [row] = await this.dataSource.query(
      `SELECT CASE WHEN day = (now() AT TIME ZONE 'utc')::date THEN used_today ELSE 0 END AS used_today,
              CASE WHEN quota_exhausted_until > now() THEN quota_exhausted_until END AS quota_exhausted_until
         FROM ctct_rate_budget WHERE id = 1`,
    );
    const usedToday = Number(row?.used_today ?? 0);
    return {
      perSecond: this.config.CTCT_RATE_PER_SECOND,
      perDay: this.config.CTCT_RATE_PER_DAY,
      usedToday,
      remainingToday: Math.max(0, this.config.CTCT_RATE_PER_DAY - usedToday),
      quotaExhaustedUntil: row?.quota_exhausted_until ? new Date(row.quota_exhausted_until).toISOString() : null,
    };
  }

  private async resumesAt(): Promise<Date> {
    const budget = await this.snapshot();
    return budget.quotaExhaustedUntil ? new Date(budget.quotaExhaustedUntil) : nextUtcMidnight(new Date());
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
