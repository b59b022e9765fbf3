import type { CtctBudgetDto } from '@ctct/shared-types';

const number = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

export interface BudgetView {
  /** 0..100 for the meter. */
  percentUsed: number;
  usedText: string;
  leftText: string;
  tone: 'ok' | 'warn' | 'stop';
}

/** Warn from this share of the day's quota on, as the runs issue's alert does (80 %). */
export const BUDGET_WARN_SHARE = 0.8;

/** Today's Constant Contact calls as a meter: "1,234 of 10,000 calls used today (12%)", "8,766 left". */
export function budgetView(budget: CtctBudgetDto): BudgetView {
  const share = budget.perDay > 0 ? budget.usedToday / budget.perDay : 0;
  const tone = budget.quotaExhaustedUntil || budget.remainingToday <= 0 ? 'stop' : share >= BUDGET_WARN_SHARE ? 'warn' : 'ok';
  return {
    percentUsed: Math.min(100, Math.round(share * 100)),
    usedText: `${number.format(budget.usedToday)} of ${number.format(budget.perDay)} calls used today (${percent.format(share)})`,
    leftText: `${number.format(budget.remainingToday)} left until midnight UTC · at most ${number.format(budget.perSecond)} a second`,
    tone,
  };
}
