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
  /** Our own count of calls made today (UTC); CC sends no rate headers, so we count. */
  usedToday: number;
  remainingToday: number;
  /** Set when CC said quota_exceeded: no calls until then (00:00 UTC). */
  quotaExhaustedUntil: string | null;
}

/**
 * Why a connect attempt failed, as the OAuth callback reports it to the admin (`/settings?ctct=error&reason=…`).
 * A fixed set: nothing Constant Contact (or whoever crafted the link) sent is ever shown.
 */
export const CTCT_CONNECT_FAILURES = ['denied', 'ctct_error', 'state', 'exchange', 'save'] as const;
export type CtctConnectFailure = (typeof CTCT_CONNECT_FAILURES)[number];
