import { formatDate } from '@angular/common';
import type { CtctBudgetDto, CtctConnectionDto, CtctConnectionState } from '@ctct/shared-types';

export const CONNECTION_STATE_LABELS: Record<CtctConnectionState, string> = {
  connected: 'Connected',
  needs_reconnect: 'Needs reconnect',
  disconnected: 'Not connected',
};

export function targetLabel(target: CtctConnectionDto['target']): string {
  return target === 'sandbox' ? 'Sandbox' : 'Constant Contact';
}

const count = new Intl.NumberFormat('en-US');

/** "4 requests/s · 10,000/day — 1,234 used today (8,766 left)" */
export function budgetSummary(budget: CtctBudgetDto): string {
  return (
    `${count.format(budget.perSecond)} requests/s · ${count.format(budget.perDay)}/day — ` +
    `${count.format(budget.usedToday)} used today (${count.format(budget.remainingToday)} left)`
  );
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "in 23 h", "5 min ago", "just now": coarse on purpose, the absolute time sits beside it. */
export function relativeTime(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return diff >= 0 ? 'in less than a minute' : 'just now';
  const amount =
    abs < HOUR ? `${Math.floor(abs / MINUTE)} min` : abs < 2 * DAY ? `${Math.floor(abs / HOUR)} h` : `${Math.floor(abs / DAY)} days`;
  return diff >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** "Nov 24, 01:30" in the browser's time zone. */
export function absoluteTime(iso: string): string {
  return formatDate(iso, 'MMM d, HH:mm', 'en-US');
}

/** "in 23 h (Nov 24, 01:30)" */
export function relativeAndAbsolute(iso: string, now: number): string {
  return `${relativeTime(iso, now)} (${absoluteTime(iso)})`;
}

/** The callback from /api/ctct/connect lands on /settings?ctct=connected or ?ctct=error&message=… */
export interface ConnectCallbackMessage {
  kind: 'success' | 'error';
  text: string;
}

const MAX_MESSAGE_LENGTH = 300;

export function connectCallbackMessage(ctct: string | null, message: string | null): ConnectCallbackMessage | null {
  if (ctct === 'connected') return { kind: 'success', text: 'Constant Contact is connected.' };
  if (ctct !== 'error') return null;
  // The text comes from the URL: shown as plain text, and cut so a crafted link cannot fill the page.
  const detail = (message ?? '').trim().slice(0, MAX_MESSAGE_LENGTH);
  return {
    kind: 'error',
    text: detail ? `Constant Contact connection was refused: ${detail}` : 'Constant Contact connection was refused.',
  };
}
