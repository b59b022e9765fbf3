import type { CtctBudgetLane } from '@ctct/shared-types';
import type { Correlation } from '../../common/correlation';

export type BudgetLane = CtctBudgetLane;

/** Lanes from the first served to the last: pushes before a person's request, runs last. */
export const BUDGET_LANES: readonly BudgetLane[] = ['opt-out', 'field-update', 'membership', 'user', 'run'];

/**
 * How far ahead of now (in request slots) a caller of each lane may book the shared pacer. The pacer hands out
 * slots in booking order, so a lane with a short horizon can never queue in front of a later caller of a lane with
 * a longer one. Runs book only a slot that starts now (never one in the future), so an opt-out arriving while a job
 * saturates the budget waits at most the rest of the current slot (≤ 265 ms at 4/s); a lane that cannot book yields
 * and asks again when the queue is short enough; opt-outs book whatever the queue. Priority thus holds across
 * replicas with no table of waiters: it is all in the one budget row's `next_slot_at`.
 */
export const LANE_HORIZON_SLOTS: Record<BudgetLane, number> = {
  'opt-out': Infinity,
  'field-update': 4,
  membership: 2,
  user: 1,
  run: 0,
};

/** Which lane a call belongs to, from what caused it: a push (by its kind), a run (job or bulk), or a person. */
export function laneOf(correlation: Correlation): BudgetLane {
  if (correlation.pushKind) {
    if (correlation.pushKind === 'opt_out') return 'opt-out';
    if (correlation.pushKind.includes('membership')) return 'membership';
    // Any other push changes a contact's fields in CC (email, names).
    return 'field-update';
  }
  if (correlation.jobRunId) return 'run';
  return 'user';
}

/** Runs draw only on the share of the daily quota that is not reserved for pushes. */
export function drawsOnRunShare(lane: BudgetLane): boolean {
  return lane === 'run';
}
