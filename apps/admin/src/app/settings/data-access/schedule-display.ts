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
