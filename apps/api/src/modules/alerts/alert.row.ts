import type { AlertDto, AlertKind, AlertSeverity } from '@ctct/shared-types';

/** An `alerts` row (migration 1764100100000). */
export interface AlertRow {
  id: string;
  kind: AlertKind;
  cause_key: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  link: string;
  raised_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  read_at: Date | null;
  emailed_at: Date | null;
  email_error: string | null;
  /** Read models only: the keyset position. */
  sort_key?: string;
}

/** One cause of an alert as a check finds it: raising it again while it is open changes nothing but its message. */
export interface AlertCause {
  kind: AlertKind;
  /** Names the cause: one open alert per key. */
  key: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  /** The admin route where it is fixed. */
  link: string;
}

export function toAlertDto(row: AlertRow): AlertDto {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    message: row.message,
    link: row.link,
    raisedAt: new Date(row.raised_at).toISOString(),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}
