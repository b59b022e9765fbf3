import { formatDate } from '@angular/common';
import type { AbstractControl, ValidationErrors } from '@angular/forms';
import { nextRuns, parseCron, runsPerDay } from './cron';

const pad = (value: number) => String(value).padStart(2, '0');
const WHOLE = /^\d+$/;

/**
 * A sentence for the cron forms people actually use, all in UTC: "every day at 00:30 UTC" (`m h * * *`),
 * "every hour at :15" (`m * * * *`), "every 10 minutes" (`*\/10 * * * *`). Anything else: null (the cron speaks).
 */
export function describeCron(expression: string): string | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts;
  if (dayOfMonth !== '*' || month !== '*' || dayOfWeek !== '*') return null;
  const m = WHOLE.test(minute) ? Number(minute) : null;
  if (m !== null && m > 59) return null;
  if (m !== null && WHOLE.test(hour)) {
    const h = Number(hour);
    return h <= 23 ? `every day at ${pad(h)}:${pad(m)} UTC` : null;
  }
  if (m !== null && hour === '*') return `every hour at :${pad(m)}`;
  const everyHours = /^\*\/(\d+)$/.exec(hour);
  if (m !== null && everyHours) return `every ${everyHours[1]} hours at :${pad(m)} (UTC)`;
  const everyMinutes = /^\*\/(\d+)$/.exec(minute);
  if (everyMinutes && hour === '*') return Number(everyMinutes[1]) === 1 ? 'every minute' : `every ${everyMinutes[1]} minutes`;
  if (minute === '*' && hour === '*') return 'every minute';
  return null;
}

/** Checked as it is typed: the API would refuse it on save anyway, but the user learns it now. */
export function cronValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim();
  if (!value) return null; // `required` speaks for an empty field
  return parseCron(value) ? null : { cron: true };
}

/** "Tue 01:30, Wed 01:30, Thu 01:30" in the browser's time zone; null for a schedule that is not valid. */
export function nextRunsText(expression: string, now: Date, count = 3): string | null {
  const schedule = parseCron(expression);
  if (!schedule) return null;
  const runs = nextRuns(schedule, now, count);
  if (runs.length === 0) return 'never';
  return runs.map((at) => formatDate(at, 'EEE MMM d, HH:mm', 'en-US')).join(' · ');
}

/** A schedule may use at most this share of the daily request quota before it gets a warning. */
export const SCHEDULE_QUOTA_SHARE = 0.25;

export interface ScheduleCost {
  runsPerDay: number;
  callsPerDay: number;
  /** 0..n: callsPerDay / the daily quota. */
  shareOfQuota: number;
  /** More than SCHEDULE_QUOTA_SHARE of the daily quota. */
  tooMuch: boolean;
}

/**
 * What a schedule costs a day in Constant Contact calls, on a day it runs: runs × the calls of a run (the job's
 * last run, at least 1 — a run always asks CC something). Null for a schedule that is not valid.
 */
export function scheduleCost(expression: string, callsPerRun: number, perDay: number): ScheduleCost | null {
  const schedule = parseCron(expression);
  if (!schedule || perDay <= 0) return null;
  const runs = runsPerDay(schedule);
  const callsPerDay = runs * Math.max(1, callsPerRun);
  const shareOfQuota = callsPerDay / perDay;
  return { runsPerDay: runs, callsPerDay, shareOfQuota, tooMuch: shareOfQuota > SCHEDULE_QUOTA_SHARE };
}

const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** "About 1,440 runs a day × ≈ 3 calls = ≈ 4,320 calls, 43 % of the daily quota of 10,000." */
export function scheduleCostWarning(cost: ScheduleCost, callsPerRun: number, perDay: number): string {
  const runs = `${count.format(cost.runsPerDay)} ${cost.runsPerDay === 1 ? 'run' : 'runs'}`;
  const calls = `${count.format(Math.max(1, callsPerRun))} ${callsPerRun === 1 ? 'call' : 'calls'}`;
  return (
    `About ${runs} a day × ≈ ${calls} = ≈ ${count.format(cost.callsPerDay)} calls, ` +
    `${percent.format(cost.shareOfQuota)} of the daily quota of ${count.format(perDay)}. ` +
    'Opt-outs and the other jobs share that quota: choose a less frequent schedule.'
  );
}
