import type { ConsentActorType, ConsentEventDto, ConsentEventKind, ConsentSource } from '@ctct/shared-types';

/** A consent_events row (migrations/1764200100000-create-consent-events.ts). */
export interface ConsentEventRow {
  id: string;
  contact_id: string;
  kind: ConsentEventKind;
  actor_type: ConsentActorType;
  actor_id: string | null;
  actor_label: string | null;
  source: ConsentSource;
  reason: string | null;
  email: string | null;
  ctct_contact_id: string | null;
  outbox_id: string | null;
  api_call_log_id: string | null;
  job_run_id: string | null;
  request_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
  /** occurred_at as PostgreSQL text (keeps microseconds in cursors), only in listings. */
  sort_key?: string;
}

export const CONSENT_EVENT_COLUMNS = `id::text, contact_id, kind, actor_type, actor_id, actor_label, source, reason, email, ctct_contact_id,
  outbox_id::text, api_call_log_id::text, job_run_id, request_id, occurred_at, recorded_at`;

export function toConsentEventDto(row: ConsentEventRow): ConsentEventDto {
  return {
    id: row.id,
    contactId: row.contact_id,
    kind: row.kind,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    source: row.source,
    reason: row.reason,
    email: row.email,
    ctctContactId: row.ctct_contact_id,
    pushId: row.outbox_id,
    apiCallLogId: row.api_call_log_id,
    jobRunId: row.job_run_id,
    requestId: row.request_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

/**
 * SQL: CC reported this contact's unsubscribe (an opt-out the link or activities run imported) after the mirror
 * last synced the CC contact. The activities run learns opt-outs from campaign reports without touching the
 * mirror, so until the next link run the mirror still says "subscribed" although CC has them unsubscribed.
 * `contact` and `mirror` are the aliases of contacts and ctct_contacts in the caller's query.
 */
export function ctctReportedUnsubscribed(contact: string, mirror: string): string {
  return `EXISTS (SELECT 1 FROM consent_events ce WHERE ce.contact_id = ${contact}.id AND ce.kind = 'ctct_opt_out_imported'
            AND ce.ctct_contact_id = ${mirror}.contact_id AND ce.recorded_at >= ${mirror}.synced_at)`;
}
