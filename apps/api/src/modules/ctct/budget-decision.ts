import { BudgetLane, drawsOnRunShare, LANE_HORIZON_SLOTS } from './budget-lanes';
import { ccDay, CcClock, nextCcReset } from './cc-clock';

/** The shared budget row as the decision needs it (times in ms since the epoch, the database's clock). */
export interface BudgetState {
  nextSlotAtMs: number;
  /** CC's day the count belongs to ('YYYY-MM-DD'). */
  day: string;
  usedToday: number;
  quotaExhaustedUntilMs: number | null;
  clock: CcClock;
}

export interface BudgetPlan {
  /** 1/perSecond + margin. */
  spacingMs: number;
  perDay: number;
  /** Percent of perDay that runs leave to pushes. */
  pushReservePercent: number;
}

export type SlotDecision =
  /** Take the slot: send in `waitMs`; the row moves to these values. */
  | { kind: 'grant'; waitMs: number; nextSlotAtMs: number; day: string; usedToday: number }
  /** The queue is longer than this lane may book ahead: ask again in `retryInMs`. */
  | { kind: 'yield'; retryInMs: number }
  /** No calls until `resumesAtMs` (CC said quota_exceeded, or our count reached the quota). */
  | { kind: 'quota-exhausted'; resumesAtMs: number }
  /** Runs have used their share; pushes still have the reserve. */
  | { kind: 'share-used'; resumesAtMs: number; used: number; share: number };

/** Calls runs may make in a day: the quota less the push reserve. */
export function runShare(plan: Pick<BudgetPlan, 'perDay' | 'pushReservePercent'>): number {
  return Math.floor((plan.perDay * (100 - plan.pushReservePercent)) / 100);
}

/** Today's count: a row stamped with an earlier CC day counts as nothing used. */
export function usedOn(state: Pick<BudgetState, 'day' | 'usedToday' | 'clock'>, nowMs: number): number {
  return state.day === ccDay(nowMs, state.clock) ? state.usedToday : 0;
}

/**
 * Whether a caller of `lane` gets the next request slot now. Pure: the service reads the row under a lock,
 * asks this, and writes the grant back. Order of the checks: a quota stop, the day's count, the runs' share
 * (runs stop when only the reserve is left, so pushes always find it), then the lane's booking horizon.
 */
export function decideSlot(state: BudgetState, nowMs: number, lane: BudgetLane, plan: BudgetPlan): SlotDecision {
  if (state.quotaExhaustedUntilMs !== null && state.quotaExhaustedUntilMs > nowMs) {
    return { kind: 'quota-exhausted', resumesAtMs: state.quotaExhaustedUntilMs };
  }
  const used = usedOn(state, nowMs);
  if (used >= plan.perDay) return { kind: 'quota-exhausted', resumesAtMs: nextCcReset(nowMs, state.clock) };
  const share = runShare(plan);
  if (drawsOnRunShare(lane) && used >= share) {
    return { kind: 'share-used', resumesAtMs: nextCcReset(nowMs, state.clock), used, share };
  }
  const tail = Math.max(nowMs, state.nextSlotAtMs);
  const ahead = tail - nowMs;
  const horizon = LANE_HORIZON_SLOTS[lane] * plan.spacingMs;
  if (ahead > horizon) return { kind: 'yield', retryInMs: Math.min(ahead - horizon, 1_000) };
  return { kind: 'grant', waitMs: ahead, nextSlotAtMs: tail + plan.spacingMs, day: ccDay(nowMs, state.clock), usedToday: used + 1 };
}
