import { Inject, Injectable } from '@nestjs/common';
import type { CtctBudgetDetailsDto } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { currentCorrelation } from '../../common/correlation';
import { Db, sql } from '../../common/sql';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SettingsService } from '../settings/settings.service';
import { BudgetPlan, BudgetState, decideSlot, runShare, SlotDecision, usedOn } from './budget-decision';
import { BudgetLane, laneOf } from './budget-lanes';
import { ccDayStart, CcClock, CcClockEstimator, nextCcReset, UNMEASURED_CC_CLOCK } from './cc-clock';
import { CtctDailyShareUsedError, CtctQuotaExceededError } from './ctct-errors';

/** ctct_rate_budget as the budget reads it (times as epoch ms, `now_ms` the database's clock at the read). */
interface BudgetRow {
  next_slot_ms: number;
  day: string;
  used_today: number;
  exhausted_until_ms: number | null;
  cc_clock_offset_ms: number | null;
  cc_clock_uncertainty_ms: number | null;
  now_ms: number;
}

/** What a job or bulk run may expect of today's quota before it starts. */
export interface RunForecast {
  /** Calls runs may still make today (the push reserve excluded). */
  leftForRuns: number;
  /** Whether `calls` fits in what is left (true when there is no forecast). */
  fits: boolean;
  /** A sentence for the admin when it does not fit; null when it does. */
  note: string | null;
  resumesAt: Date;
}

// CC's token endpoint: one request a second; booked a little wider, as CC measures at its end of the wire.
const TOKEN_SPACING_MS = 1_100;
// The push reserve is a setting; read at most this often (a change on this replica applies at once).
const RESERVE_CACHE_MS = 5_000;
// A caller that wakes this much later than its slot gives the slot up (sending late would bunch it with later ones).
const LATE_WAKE_TRIES = 5;

/**
 * The CC request budget, shared by every API replica through one PostgreSQL row:
 * - pacing with priority: each call books a request slot 1/perSecond (+ margin) after the previous one, so no second
 *   carries more than the limit; a caller may only book as far ahead as its lane allows (`budget-lanes.ts`), so
 *   pushes (opt-outs first) go before waiting jobs and bulk runs on every replica;
 * - the daily quota, counted per CC day (CC sends no rate headers, so we count): runs stop when only the push
 *   reserve is left (CtctDailyShareUsedError), everyone stops when CC says quota_exceeded, until CC's midnight;
 * - CC's clock, estimated from its Date headers (`cc-clock.ts`), because its midnight, not ours, resets the quota;
 * - the token endpoint's own 1/s limit.
 * Pacing uses the database clock (replicas agree to the millisecond); CC's clock offset is measured against the
 * replicas' own clocks, which NTP keeps within milliseconds of the database's: plenty for a whole-second header.
 */
@Injectable()
export class RateBudgetService {
  private readonly estimator = new CcClockEstimator();
  /** Our own estimate needs writing to the row (every replica then counts CC's day alike). */
  private clockToPersist: CcClock | null = null;
  /** The row's clock as last read: what a replica uses before it has heard from CC itself. */
  private rowClock: CcClock = UNMEASURED_CC_CLOCK;
  private reserve: { percent: number; readAt: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    settings.onChange((key) => {
      if (key === 'ctct.pushReservePercent') this.reserve = null;
    });
  }

  get spacingMs(): number {
    return 1000 / this.config.CTCT_RATE_PER_SECOND + this.config.CTCT_RATE_MARGIN_MS;
  }

  /** CC's clock as this replica knows it: its own measurement, else the shared row's. */
  ccClock(): CcClock {
    return this.estimator.estimate() ?? this.rowClock;
  }

  /** One CC answer's Date header, with when the request left and when the answer came (this replica's clock). */
  observeAnswer(dateHeader: string | null, sentMs: number, receivedMs: number): void {
    if (!this.estimator.observe(dateHeader, sentMs, receivedMs)) return;
    const estimate = this.estimator.estimate()!;
    const persisted = this.rowClock;
    // Written with the next slot's booking, and only when it moved: at most a write per few calls.
    const moved = persisted.uncertaintyMs === null || Math.abs(estimate.offsetMs - persisted.offsetMs) > 50;
    const sharper = persisted.uncertaintyMs !== null && estimate.uncertaintyMs! < persisted.uncertaintyMs - 50;
    this.clockToPersist = moved || sharper ? estimate : null;
  }

  /**
   * Waits for this call's slot in its lane (by default the lane of what caused it: a push, a run, a person).
   * Throws CtctQuotaExceededError when the day's quota is gone, CtctDailyShareUsedError when a run meets the push
   * reserve. A caller that wakes up late gives its slot up and books again (not counted twice).
   */
  async acquire(lane: BudgetLane = laneOf(currentCorrelation())): Promise<void> {
    let rebooking = false;
    for (let late = 0; ;) {
      const decision = await this.decide(lane, rebooking);
      switch (decision.kind) {
        case 'quota-exhausted':
          throw new CtctQuotaExceededError(new Date(decision.resumesAtMs));
        case 'share-used':
          throw new CtctDailyShareUsedError(new Date(decision.resumesAtMs), decision.used, decision.share);
        case 'yield':
          // A little jitter, so that callers told to come back at the same moment do not all come back at once.
          await sleep(decision.retryInMs + Math.random() * Math.min(20, decision.retryInMs / 10));
          continue;
        case 'grant': {
          const due = Date.now() + decision.waitMs;
          if (decision.waitMs > 0) await sleep(decision.waitMs);
          if (Date.now() - due <= this.config.CTCT_RATE_MARGIN_MS || ++late >= LATE_WAKE_TRIES) return;
          rebooking = true;
        }
      }
    }
  }

  /**
   * Books the token endpoint (code exchange, refresh) for this replica: at most one request a second across all
   * replicas, as CC allows. Resolves when it is this caller's turn.
   */
  async acquireTokenSlot(): Promise<void> {
    const slot = await sql.one<{ wait_ms: number }>(
      this.dataSource,
      `UPDATE ctct_rate_budget SET token_next_at = greatest(clock_timestamp(), token_next_at) + make_interval(secs => $1::float8 / 1000)
        WHERE id = 1
        RETURNING greatest(0, extract(epoch FROM (token_next_at - make_interval(secs => $1::float8 / 1000) - clock_timestamp())))::float8
                  * 1000 AS wait_ms`,
      [TOKEN_SPACING_MS],
    );
    if (slot && slot.wait_ms > 0) await sleep(slot.wait_ms);
  }

  /** CC said quota_exceeded: every replica stops calling until `untilMs` (this replica's clock); returns it. */
  async markQuotaExhausted(untilMs: number): Promise<Date> {
    const until = new Date(untilMs);
    const clock = this.clockToPersist;
    await sql.affected(
      this.dataSource,
      `UPDATE ctct_rate_budget SET quota_exhausted_until = $1,
              cc_clock_offset_ms = coalesce($2, cc_clock_offset_ms), cc_clock_uncertainty_ms = coalesce($3, cc_clock_uncertainty_ms)
        WHERE id = 1`,
      [until, clock?.offsetMs ?? null, clock?.uncertaintyMs ?? null],
    );
    if (clock) this.persisted(clock);
    return until;
  }

  async snapshot(): Promise<CtctBudgetDetailsDto> {
    const row = await this.read(this.dataSource);
    const state = this.stateOf(row);
    const plan = await this.plan();
    const usedToday = usedOn(state, row.now_ms);
    const exhausted = state.quotaExhaustedUntilMs !== null && state.quotaExhaustedUntilMs > row.now_ms;
    return {
      perSecond: this.config.CTCT_RATE_PER_SECOND,
      perDay: plan.perDay,
      usedToday,
      remainingToday: Math.max(0, plan.perDay - usedToday),
      quotaExhaustedUntil: exhausted ? new Date(state.quotaExhaustedUntilMs!).toISOString() : null,
      pushReservePercent: plan.pushReservePercent,
      runsRemainingToday: exhausted ? 0 : Math.max(0, runShare(plan) - usedToday),
      resetsAt: new Date(nextCcReset(row.now_ms, state.clock)).toISOString(),
      ccClockOffsetMs: state.clock.uncertaintyMs === null ? null : Math.round(state.clock.offsetMs),
    };
  }

  /** When CC's current day began, in our time: "today" for the quota. */
  async ccDayStartedAt(): Promise<Date> {
    const row = await this.read(this.dataSource);
    return new Date(ccDayStart(row.now_ms, this.stateOf(row).clock));
  }

  /** Why no job or bulk run can start now (the quota is used up, or runs have used their share); null when they can. */
  async whyRunsCannotStart(): Promise<string | null> {
    const budget = await this.snapshot();
    if (budget.quotaExhaustedUntil) {
      const until = budget.quotaExhaustedUntil;
      return `The daily Constant Contact quota is used up; runs can start again at ${until} (Constant Contact's midnight).`;
    }
    if (budget.runsRemainingToday > 0) return null;
    return (
      `Today's share of the Constant Contact quota for jobs and bulk runs is used (${budget.pushReservePercent}% is kept for pushes); ` +
      `runs can start again at ${budget.resetsAt} (Constant Contact's midnight).`
    );
  }

  /**
   * Compares a run's forecast cost with what runs may still use today. `calls` null: no forecast (a first run);
   * it then fits unless nothing at all is left. `basis` says where the forecast comes from ("the last run's").
   */
  async forecastRun(calls: number | null, basis = 'forecast'): Promise<RunForecast> {
    const budget = await this.snapshot();
    const leftForRuns = budget.runsRemainingToday;
    const resumesAt = new Date(budget.quotaExhaustedUntil ?? budget.resetsAt);
    const fits = calls === null ? leftForRuns > 0 : calls <= leftForRuns;
    if (fits) return { leftForRuns, fits, note: null, resumesAt };
    const pause = `it will pause when the share is used and resume at ${resumesAt.toISOString()} (Constant Contact's midnight)`;
    const note =
      calls === null || leftForRuns === 0
        ? `Nothing is left of today's share of the Constant Contact quota for jobs and bulk runs: ` +
          `${pause.replace('when the share is used', 'at once')}.`
        : `About ${calls.toLocaleString('en-US')} Constant Contact calls (${basis}), but only ${leftForRuns.toLocaleString('en-US')} ` +
          `${leftForRuns === 1 ? 'is' : 'are'} left of today's share for jobs and bulk runs (${budget.pushReservePercent}% is kept ` +
          `for pushes): ${pause}.`;
    return { leftForRuns, fits, note, resumesAt };
  }

  /** One booking attempt, under the row's lock: read, decide (pure), write the grant back. */
  private async decide(lane: BudgetLane, rebooking: boolean): Promise<SlotDecision> {
    const plan = await this.plan();
    // A look without the lock first: callers that must wait (a run behind pushes) do not queue on the row's lock
    // in front of the callers that may book.
    const peek = await this.read(this.dataSource);
    const likely = decideSlot(this.stateOf(peek), peek.now_ms, lane, plan);
    if (likely.kind !== 'grant' && !this.clockToPersist) return likely;
    return this.dataSource.transaction(async (manager) => {
      const row = await this.read(manager, true);
      const state = this.stateOf(row);
      const decision = decideSlot(state, row.now_ms, lane, plan);
      const clock = this.clockToPersist;
      if (decision.kind === 'grant' || clock) {
        const grant = decision.kind === 'grant' ? decision : null;
        await sql.affected(
          manager,
          `UPDATE ctct_rate_budget SET
                  next_slot_at = coalesce(to_timestamp($1::float8 / 1000), next_slot_at),
                  day = coalesce($2::date, day),
                  used_today = coalesce($3, used_today),
                  quota_exhausted_until = CASE WHEN $1::float8 IS NULL THEN quota_exhausted_until END,
                  cc_clock_offset_ms = coalesce($4, cc_clock_offset_ms),
                  cc_clock_uncertainty_ms = coalesce($5, cc_clock_uncertainty_ms)
            WHERE id = 1`,
          [
            grant?.nextSlotAtMs ?? null,
            grant?.day ?? null,
            grant ? (rebooking ? Math.max(grant.usedToday - 1, 0) : grant.usedToday) : null,
            clock?.offsetMs ?? null,
            clock?.uncertaintyMs ?? null,
          ],
        );
        if (clock) this.persisted(clock);
      }
      return decision;
    });
  }

  private async read(db: Db, forUpdate = false): Promise<BudgetRow> {
    const row = await sql.one<BudgetRow>(
      db,
      `SELECT (extract(epoch FROM next_slot_at) * 1000)::float8 AS next_slot_ms, day::text AS day, used_today,
              (extract(epoch FROM quota_exhausted_until) * 1000)::float8 AS exhausted_until_ms, cc_clock_offset_ms, cc_clock_uncertainty_ms,
              (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms
         FROM ctct_rate_budget WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
    );
    if (!row) throw new Error('ctct_rate_budget has no row: the migrations did not run');
    return row;
  }

  private stateOf(row: BudgetRow): BudgetState {
    if (row.cc_clock_uncertainty_ms !== null) {
      this.rowClock = { offsetMs: Number(row.cc_clock_offset_ms ?? 0), uncertaintyMs: Number(row.cc_clock_uncertainty_ms) };
    }
    return {
      nextSlotAtMs: Number(row.next_slot_ms),
      day: row.day,
      usedToday: Number(row.used_today),
      quotaExhaustedUntilMs: row.exhausted_until_ms === null ? null : Number(row.exhausted_until_ms),
      clock: this.ccClock(),
    };
  }

  private persisted(clock: CcClock): void {
    this.rowClock = clock;
    if (this.clockToPersist === clock) this.clockToPersist = null;
  }

  private async plan(): Promise<BudgetPlan> {
    return { spacingMs: this.spacingMs, perDay: this.config.CTCT_RATE_PER_DAY, pushReservePercent: await this.pushReservePercent() };
  }

  private async pushReservePercent(): Promise<number> {
    if (!this.reserve || Date.now() - this.reserve.readAt > RESERVE_CACHE_MS) {
      this.reserve = { percent: await this.settings.get('ctct.pushReservePercent'), readAt: Date.now() };
    }
    return this.reserve.percent;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
