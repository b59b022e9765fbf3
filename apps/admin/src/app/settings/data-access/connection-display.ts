import { formatDate } from '@angular/common';
import {
  CTCT_CONNECT_FAILURES,
  type CtctBudgetDto,
  type CtctConnectFailure,
  type CtctConnectionDto,
  type CtctConnectionState,
} from '@ctct/shared-types';

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

/** The callback from /api/ctct/connect lands on /settings?ctct=connected or ?ctct=error&reason=… */
export interface ConnectCallbackMessage {
  kind: 'success' | 'error';
  text: string;
}

/** The API sends a reason code, never CC's own words: the admin says what happened and what to do. */
const FAILURE_TEXTS: Record<CtctConnectFailure, string> = {
  denied: 'Constant Contact connection was refused on the consent page. Connect again and choose Allow.',
  ctct_error: 'Constant Contact reported an error during the connection. Try again in a few minutes.',
  state: 'The connection attempt expired or was already used. Start again with Connect.',
  exchange: 'Constant Contact did not accept the authorization. Try connecting again.',
  save: 'The connection could not be saved. Try again; the API log has the details.',
};

export function connectCallbackMessage(ctct: string | null, reason: string | null): ConnectCallbackMessage | null {
  if (ctct === 'connected') return { kind: 'success', text: 'Constant Contact is connected.' };
  if (ctct !== 'error') return null;
  // Only known codes map to a text; anything else in the URL (a crafted link) gets the generic sentence.
  const known = (CTCT_CONNECT_FAILURES as readonly string[]).includes(reason ?? '') ? (reason as CtctConnectFailure) : null;
  return { kind: 'error', text: known ? FAILURE_TEXTS[known] : 'Constant Contact connection failed. Try connecting again.' };
}
