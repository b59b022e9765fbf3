import { budgetView } from './budget-display';

describe('budget display', () => {
  it("shows today's use as a share of the daily quota", () => {
    expect(budgetView({ perSecond: 4, perDay: 10_000, usedToday: 1234, remainingToday: 8766, quotaExhaustedUntil: null })).toEqual({
      percentUsed: 12,
      usedText: '1,234 of 10,000 calls used today (12%)',
      leftText: '8,766 left until midnight UTC · at most 4 a second',
      tone: 'ok',
    });
  });

  it('warns from 80 % and stops when CC said the quota is used up', () => {
    expect(budgetView({ perSecond: 4, perDay: 10_000, usedToday: 8_000, remainingToday: 2_000, quotaExhaustedUntil: null }).tone).toBe(
      'warn',
    );
    expect(
      budgetView({ perSecond: 4, perDay: 10_000, usedToday: 100, remainingToday: 9_900, quotaExhaustedUntil: '2026-11-24T00:00:00Z' }).tone,
    ).toBe('stop');
  });
});
