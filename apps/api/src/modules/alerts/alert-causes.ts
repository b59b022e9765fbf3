import type { CtctBudgetDto, RunJobName } from '@ctct/shared-types';
import { AlertCause } from './alert.row';

/** The alerts' thresholds: a run paused this long, this share of the daily quota used, an opt-out waiting this long. */
export const PAUSED_ALERT_MINUTES = 60;
export const QUOTA_ALERT_SHARE = 0.8;
export const OPT_OUT_ALERT_MINUTES = 60;

const JOB_NAMES: Record<RunJobName, string> = {
  lists: 'lists sync',
  'link-contacts': 'link contacts sync',
  activities: 'engagement activities sync',
  'bulk-memberships': 'bulk membership run',
};

/** What each cause says, and where it is fixed. Pure: the checks find the facts, these word them. */
export const alertCauses = {
  connectionNeedsReauth(reason: string | null): AlertCause {
    return {
      kind: 'connection_reauth',
      key: 'connection_reauth',
      severity: 'error',
      title: 'Constant Contact needs to be reconnected',
      message:
        `Constant Contact no longer accepts our authorisation${reason ? ` (${reason})` : ''}. ` +
        'Syncs and pushes wait until an admin reconnects under Settings.',
      link: '/settings',
    };
  },

  runFailed(run: { id: string; job: RunJobName; statusReason: string | null }): AlertCause {
    return {
      kind: 'run_failed',
      key: `run_failed:${run.id}`,
      severity: 'error',
      title: `A ${JOB_NAMES[run.job]} failed`,
      message: `${run.statusReason ?? 'It stopped with an error.'} What it did is kept; Retry carries on from where it stopped.`,
      link: `/sync/runs/${run.id}`,
    };
  },

  runPausedLong(run: { id: string; job: RunJobName; statusReason: string | null; pausedAt: Date }): AlertCause {
    const minutes = Math.floor((Date.now() - run.pausedAt.getTime()) / 60_000);
    const hours = minutes >= 120 ? `${Math.floor(minutes / 60)} hours` : 'more than an hour';
    return {
      kind: 'run_paused_long',
      key: `run_paused_long:${run.id}`,
      severity: 'warning',
      title: `A ${JOB_NAMES[run.job]} has been paused for ${hours}`,
      message: `${run.statusReason ?? 'It is paused.'} Resume or cancel it on the run's page.`,
      link: `/sync/runs/${run.id}`,
    };
  },

  /** Null below the threshold. Keyed by the UTC day: a new day's use is a new cause. */
  quotaHigh(budget: Pick<CtctBudgetDto, 'usedToday' | 'perDay'>, day: string): AlertCause | null {
    if (budget.usedToday < budget.perDay * QUOTA_ALERT_SHARE) return null;
    const percent = Math.floor((budget.usedToday / budget.perDay) * 100);
    return {
      kind: 'quota_high',
      key: `quota_high:${day}`,
      severity: 'warning',
      title: `${percent}% of today's Constant Contact quota is used`,
      message:
        `${budget.usedToday.toLocaleString('en-US')} of ${budget.perDay.toLocaleString('en-US')} calls today (UTC). ` +
        "Runs stop when it is gone and resume after CC's midnight; see the budget under Settings.",
      link: '/settings',
    };
  },

  /** Null when none waits. */
  optOutsWaiting(waiting: { count: number; oldest: Date | null }): AlertCause | null {
    if (waiting.count === 0) return null;
    return {
      kind: 'optouts_stuck',
      key: 'optouts_stuck',
      severity: 'error',
      title: `${waiting.count} opt-out${waiting.count === 1 ? '' : 's'} not yet in Constant Contact after an hour`,
      message:
        `Do Not Email changes waiting since ${waiting.oldest?.toISOString() ?? 'over an hour'} have not reached Constant Contact, ` +
        'so it may still email these people. Check the connection and the quota under Settings.',
      link: '/settings',
    };
  },
};
