import { Injectable } from '@nestjs/common';
import type { ConsentActorType, ConsentEventKind, ConsentSource } from '@ctct/shared-types';
import { currentCorrelation, lastApiCallId } from '../../common/correlation';
import { Db, sql } from '../../common/sql';

/** One consent event to record. What the correlation context knows (user, job run, request, last CC call) is filled in. */
export interface ConsentEvent {
  contactId: string;
  kind: ConsentEventKind;
  actorType: ConsentActorType;
  source: ConsentSource;
  reason?: string | null;
  /** Default: the CC contact the CRM contact is linked to now. */
  ctctContactId?: string | null;
  /** The outbox push it belongs to. */
  outboxId?: string | null;
  /** Default: now. CC's opt-out date for an imported opt-out. */
  occurredAt?: Date | string | null;
  /** Default for a CRM user: the correlation's user. */
  actorId?: string | null;
  /** Default: the user's email for a CRM user, else a fixed label for the actor type. */
  actorLabel?: string | null;
  /** Default: the latest CC call made in this correlation scope (none: null). Pass null when no call carried it. */
  apiCallLogId?: string | null;
}

const ACTOR_LABELS: Record<ConsentActorType, string> = {
  crm_user: 'CRM user',
  ctct_contact: 'the contact, in Constant Contact',
  ctct_account: 'the Constant Contact account',
  integration: 'ctct-connect',
};

/**
 * The consent ledger's only writer (consent_events, append-only). `record` is called inside the transaction of
 * the change it describes, so a change never commits without its event and an event never outlives a rolled-back
 * change. The email and CC contact at the time are read from the contact in the same statement.
 */
@Injectable()
export class ConsentLedger {
  async record(db: Db, events: ConsentEvent | readonly ConsentEvent[]): Promise<void> {
    const list = Array.isArray(events) ? (events as readonly ConsentEvent[]) : [events as ConsentEvent];
    if (list.length === 0) return;
    const correlation = currentCorrelation();
    const carriedBy = lastApiCallId();
    const actorIdOf = (event: ConsentEvent) =>
      event.actorId !== undefined ? event.actorId : event.actorType === 'crm_user' ? (correlation.userId ?? null) : null;
    await sql.affected(
      db,
      `INSERT INTO consent_events (contact_id, kind, actor_type, actor_id, actor_label, source, reason, email, ctct_contact_id, outbox_id,
                                   api_call_log_id, job_run_id, request_id, occurred_at)
       SELECT e.contact_id, e.kind, e.actor_type, e.actor_id,
              coalesce(e.actor_label, (SELECT u.email FROM users u WHERE e.actor_type = 'crm_user' AND u.id::text = e.actor_id),
                       e.default_label),
              e.source, e.reason, c.email, coalesce(e.ctct_contact_id, c.ctct_contact_id), e.outbox_id, e.api_call_log_id, $12, $13,
              coalesce(e.occurred_at, now())
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::varchar[], $7::text[], $8::uuid[],
                     $9::bigint[], $10::bigint[], $11::timestamptz[], $14::text[]) WITH ORDINALITY
           AS e(contact_id, kind, actor_type, actor_id, actor_label, source, reason, ctct_contact_id, outbox_id, api_call_log_id,
                occurred_at, default_label, ordinal)
         LEFT JOIN contacts c ON c.id = e.contact_id
        -- Ids in the order given: events of one transaction share its time, and the id orders them.
        ORDER BY e.ordinal`,
      [
        list.map((event) => event.contactId),
        list.map((event) => event.kind),
        list.map((event) => event.actorType),
        list.map(actorIdOf),
        list.map((event) => event.actorLabel ?? null),
        list.map((event) => event.source),
        list.map((event) => event.reason ?? null),
        list.map((event) => event.ctctContactId ?? null),
        list.map((event) => event.outboxId ?? null),
        list.map((event) => (event.apiCallLogId !== undefined ? event.apiCallLogId : carriedBy)),
        list.map((event) => (event.occurredAt ? new Date(event.occurredAt).toISOString() : null)),
        correlation.jobRunId ?? null,
        correlation.requestId ?? null,
        list.map((event) => ACTOR_LABELS[event.actorType]),
      ],
    );
  }
}
