/**
 * What an admin is told about without looking: each kind has one cause key (e.g. one per failed run, one per UTC
 * day for the quota), so an alert is raised once per cause and resolved when the cause is gone.
 */
export const ALERT_KINDS = ['connection_reauth', 'run_failed', 'run_paused_long', 'quota_high', 'optouts_stuck'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertSeverity = 'warning' | 'error';

export interface AlertDto {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  message: string;
  /** The admin route where it is fixed, e.g. `/settings` (reconnect) or `/sync/runs/<id>` (retry). */
  link: string;
  raisedAt: string;
  /** Null while the cause is still there. */
  resolvedAt: string | null;
  readAt: string | null;
}

export interface AlertsUnreadDto {
  /** Unread alerts whose cause is still there (what the bell shows). */
  unread: number;
}
