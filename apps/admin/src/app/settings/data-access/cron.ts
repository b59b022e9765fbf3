/**
 * The five-field cron of the schedules (minute hour day-of-month month day-of-week, in UTC), enough to check what
 * is typed and to list the next runs: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`, month and
 * weekday names (JAN, MON), Sunday as 0 or 7. Day-of-month and day-of-week follow classic cron: when both are
 * restricted, a day matching either runs.
 */
export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  anyDayOfMonth: boolean;
  anyDayOfWeek: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  min: number;
  max: number;
  names?: string[];
  /** The first name's number (months are 1-based). */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: WEEKDAYS, nameBase: 0 },
];

function value(text: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + (spec.nameBase ?? 0) : null;
}

/** One field → the values it allows, or null when it is not valid. */
function field(text: string, spec: FieldSpec): Set<number> | null {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!match) return null;
    const step = match[2] === undefined ? 1 : Number(match[2]);
    if (step < 1) return null;
    let from: number | null;
    let to: number | null;
    if (match[1] === '*') {
      from = spec.min;
      to = spec.max;
    } else if (match[1].includes('-')) {
      const [a, b] = match[1].split('-');
      from = value(a, spec);
      to = value(b, spec);
    } else {
      from = value(match[1], spec);
      // "5/15" means from 5 to the end, every 15.
      to = match[2] === undefined ? from : spec.max;
    }
    if (from === null || to === null || from < spec.min || to > spec.max || from > to) return null;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const sets = parts.map((part, index) => field(part, FIELDS[index]));
  if (sets.some((set) => set === null)) return null;
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets as Set<number>[];
  if (daysOfWeek.has(7)) daysOfWeek.add(0);
  return {
    minutes: [...minutes].sort((a, b) => a - b),
    hours: [...hours].sort((a, b) => a - b),
    daysOfMonth,
    months,
    daysOfWeek,
    // As in Vixie cron: a day field starting with "*" (also "*/2") leaves the choice of days to the other one.
    anyDayOfMonth: parts[2].startsWith('*'),
    anyDayOfWeek: parts[4].startsWith('*'),
  };
}

function runsOn(schedule: CronSchedule, day: Date): boolean {
  if (!schedule.months.has(day.getUTCMonth() + 1)) return false;
  const dom = schedule.daysOfMonth.has(day.getUTCDate());
  const dow = schedule.daysOfWeek.has(day.getUTCDay());
  if (schedule.anyDayOfMonth || schedule.anyDayOfWeek) return dom && dow;
  return dom || dow;
}

const DAY_MS = 86_400_000;
/** Far enough for "every February 29th"; a schedule with no run in 8 years has none to show. */
const MAX_DAYS = 366 * 8;

/** The next `count` run times strictly after `after`, in order. */
export function nextRuns(schedule: CronSchedule, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  const start = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate());
  for (let d = 0; d < MAX_DAYS && runs.length < count; d++) {
    const day = new Date(start + d * DAY_MS);
    if (!runsOn(schedule, day)) continue;
    for (const hour of schedule.hours) {
      for (const minute of schedule.minutes) {
        const at = new Date(start + d * DAY_MS + hour * 3_600_000 + minute * 60_000);
        if (at.getTime() > after.getTime()) runs.push(at);
        if (runs.length === count) return runs;
      }
    }
  }
  return runs;
}

/** Runs on a day the schedule runs at all: its busiest day, which is what the daily quota must carry. */
export function runsPerDay(schedule: CronSchedule): number {
  return schedule.hours.length * schedule.minutes.length;
}
