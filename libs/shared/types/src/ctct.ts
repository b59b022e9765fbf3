export type CtctConnectionState = 'connected' | 'needs_reconnect' | 'disconnected';

/** What the admin may know about the CC connection. Never a token. */
export interface CtctConnectionDto {
  state: CtctConnectionState;
  /** Why the connection needs re-authorising, or why the last connect attempt failed. */
  reason: string | null;
  target: 'sandbox' | 'constant-contact';
  account: { encodedAccountId: string | null; organizationName: string | null; email: string | null } | null;
  scopes: string[];
  connectedAt: string | null;
  accessTokenExpiresAt: string | null;
  lastRefreshedAt: string | null;
  budget: CtctBudgetDto;
  /** False when CTCT_CLIENT_ID etc. are missing: Connect cannot work until they are set. */
  configured: boolean;
}

export interface CtctBudgetDto {
  perSecond: number;
  perDay: number;
  /** Our own count of calls made today (CC's day: UTC by CC's clock); CC sends no rate headers, so we count. */
  usedToday: number;
  remainingToday: number;
  /** Set when CC said quota_exceeded (or our count reached perDay): no calls until then (CC's midnight). */
  quotaExhaustedUntil: string | null;
}

/**
 * Why a connect attempt failed, as the OAuth callback reports it to the admin (`/settings?ctct=error&reason=…`).
 * A fixed set: nothing Constant Contact (or whoever crafted the link) sent is ever shown.
 */
export const CTCT_CONNECT_FAILURES = ['denied', 'ctct_error', 'state', 'exchange', 'save'] as const;
export type CtctConnectFailure = (typeof CTCT_CONNECT_FAILURES)[number];

/** The budget with the push reserve and CC's clock: what `GET /api/ctct/budget` shows. */
export interface CtctBudgetDetailsDto extends CtctBudgetDto {
  /** The share of the daily quota kept for pushes (Settings, default 10): jobs and bulk runs stop short of it. */
  pushReservePercent: number;
  /** Calls jobs and bulk runs may still make today (what is left minus the push reserve). */
  runsRemainingToday: number;
  /** When CC's quota resets next (its midnight, by its clock, in our time). */
  resetsAt: string;
  /** CC's clock minus ours (ms), from its Date headers; null before the first answer. */
  ccClockOffsetMs: number | null;
}

/**
 * Who a CC call was made for, in the order the shared budget serves them: pushes (opt-outs, then field updates,
 * then list memberships), a person's own request, and last jobs and bulk runs.
 */
export type CtctBudgetLane = 'opt-out' | 'field-update' | 'membership' | 'user' | 'run';

/** Today's use of the daily quota (CC's day), from the API log: `GET /api/ctct/budget`. */
export interface CtctBudgetUsageDto {
  budget: CtctBudgetDetailsDto;
  /** CC's last midnight, in our time: "today" starts here. */
  since: string;
  /** CC calls (every attempt, as the budget counts them) by who they were made for. */
  byKind: Array<{ kind: CtctBudgetLane | 'unknown'; calls: number }>;
  /** CC calls of runs, by job (lists, link-contacts, activities, bulk-memberships). */
  byJob: Array<{ job: string; calls: number }>;
  /** Calls to CC's token endpoint today (not in the daily quota; at most one a second). */
  tokenCalls: number;
}
