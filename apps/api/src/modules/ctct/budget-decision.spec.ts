import { BudgetPlan, BudgetState, decideSlot, runShare } from './budget-decision';
import { laneOf } from './budget-lanes';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const plan: BudgetPlan = { spacingMs: 250, perDay: 10_000, pushReservePercent: 10 };
const state = (overrides: Partial<BudgetState> = {}): BudgetState => ({
  nextSlotAtMs: NOW,
  day: '2026-03-10',
  usedToday: 0,
  quotaExhaustedUntilMs: null,
  clock: { offsetMs: 0, uncertaintyMs: 0 },
  ...overrides,
});

describe('the shared budget decision', () => {
  it('grants the next slot and counts it', () => {
    expect(decideSlot(state({ nextSlotAtMs: NOW + 100, usedToday: 7 }), NOW, 'user', plan)).toEqual({
      kind: 'grant',
      waitMs: 100,
      nextSlotAtMs: NOW + 350,
      day: '2026-03-10',
      usedToday: 8,
    });
  });

  it('lets an opt-out book behind any queue, but gives a run only a slot that starts now', () => {
    const busy = state({ nextSlotAtMs: NOW + 2_000 });
    expect(decideSlot(busy, NOW, 'opt-out', plan)).toMatchObject({ kind: 'grant', waitMs: 2_000 });
    expect(decideSlot(busy, NOW, 'membership', plan)).toEqual({ kind: 'yield', retryInMs: 1_000 });
    expect(decideSlot(state({ nextSlotAtMs: NOW + 150 }), NOW, 'run', plan)).toEqual({ kind: 'yield', retryInMs: 150 });
    expect(decideSlot(state({ nextSlotAtMs: NOW }), NOW, 'run', plan)).toMatchObject({ kind: 'grant', waitMs: 0 });
    const idle = state({ nextSlotAtMs: NOW - 5_000 });
    expect(decideSlot(idle, NOW, 'run', plan)).toMatchObject({ kind: 'grant', waitMs: 0, nextSlotAtMs: NOW + 250 });
  });

  it('orders the lanes: opt-outs, field updates, memberships, a person, runs', () => {
    const queued = (ms: number) => state({ nextSlotAtMs: NOW + ms });
    const granted = (lane: Parameters<typeof decideSlot>[2], ms: number) => decideSlot(queued(ms), NOW, lane, plan).kind === 'grant';
    expect([granted('field-update', 1_000), granted('field-update', 1_001)]).toEqual([true, false]);
    expect([granted('membership', 500), granted('membership', 501)]).toEqual([true, false]);
    expect([granted('user', 250), granted('user', 251)]).toEqual([true, false]);
    expect([granted('run', 0), granted('run', 1)]).toEqual([true, false]);
  });

  it('stops runs at their share of the day while pushes still get the reserve', () => {
    const atShare = state({ usedToday: runShare(plan) });
    expect(runShare(plan)).toBe(9_000);
    expect(decideSlot(atShare, NOW, 'run', plan)).toEqual({
      kind: 'share-used',
      used: 9_000,
      share: 9_000,
      resumesAtMs: Date.parse('2026-03-11T00:00:01Z'),
    });
    expect(decideSlot(atShare, NOW, 'opt-out', plan).kind).toBe('grant');
    expect(decideSlot(atShare, NOW, 'membership', plan).kind).toBe('grant');
  });

  it('stops everyone at the quota, and while CC said quota_exceeded', () => {
    expect(decideSlot(state({ usedToday: 10_000 }), NOW, 'opt-out', plan).kind).toBe('quota-exhausted');
    const stopped = state({ quotaExhaustedUntilMs: NOW + 5_000 });
    expect(decideSlot(stopped, NOW, 'opt-out', plan)).toEqual({ kind: 'quota-exhausted', resumesAtMs: NOW + 5_000 });
    expect(decideSlot(stopped, NOW + 5_000, 'opt-out', plan).kind).toBe('grant');
  });

  it("starts a new count when CC's day changes, by CC's clock", () => {
    // Our 00:00:03 is CC's 23:59:58: still yesterday's count, and the share is still used.
    const ccBehind = state({ day: '2026-03-10', usedToday: 9_000, clock: { offsetMs: -5_000, uncertaintyMs: 0 } });
    const ourMidnight = Date.parse('2026-03-11T00:00:03Z');
    expect(decideSlot({ ...ccBehind, nextSlotAtMs: ourMidnight }, ourMidnight, 'run', plan).kind).toBe('share-used');
    const ccMidnight = Date.parse('2026-03-11T00:00:05.001Z');
    expect(decideSlot({ ...ccBehind, nextSlotAtMs: ccMidnight }, ccMidnight, 'run', plan)).toMatchObject({
      kind: 'grant',
      day: '2026-03-11',
      usedToday: 1,
    });
  });

  it('puts each call in the lane of what caused it', () => {
    expect(laneOf({ pushKind: 'opt_out', userId: 'u' })).toBe('opt-out');
    expect(laneOf({ pushKind: 'add_membership' })).toBe('membership');
    expect(laneOf({ pushKind: 'remove_membership' })).toBe('membership');
    expect(laneOf({ pushKind: 'update_fields' })).toBe('field-update');
    expect(laneOf({ jobRunId: 'r' })).toBe('run');
    expect(laneOf({ userId: 'u', requestId: 'q' })).toBe('user');
  });
});
