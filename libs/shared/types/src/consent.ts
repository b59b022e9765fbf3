import type { CtctBudgetDto } from './ctct';

/**
 * What happened to a person's email consent, on either side. One row each in the append-only consent ledger
 * (`consent_events`): the record a GDPR or CAN-SPAM request asks for.
 */
export const CONSENT_EVENT_KINDS = [
  /** A CRM user turned Do Not Email on. */
  'do_not_email_set',
  /** A CRM user turned Do Not Email off. */
  'do_not_email_cleared',
  /** The opt-out push to CC was queued (outbox). */
  'opt_out_queued',
  /** CC has the contact unsubscribed: our PUT went through, or CC already had them so. */
  'opt_out_delivered',
  /** The opt-out push finished without sending anything (not in CC, deleted there, Do Not Email off again). */
  'opt_out_not_sent',
  /** The opt-out push failed for good; the reason says why. */
  'opt_out_failed',
  /** CC reported an unsubscribe (the person or the CC account) and the CRM set Do Not Email. */
  'ctct_opt_out_imported',
  /** CC was asked to email its re-subscribe confirmation. */
  'resubscribe_requested',
] as const;
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];

/** Who decided: a CRM user, the person in CC, someone in the CC account, or the integration itself. */
export const CONSENT_ACTOR_TYPES = ['crm_user', 'ctct_contact', 'ctct_account', 'integration'] as const;
export type ConsentActorType = (typeof CONSENT_ACTOR_TYPES)[number];

/** Where the event was recorded: the CRM API, push delivery, a sync run, the reconciliation page. */
export const CONSENT_SOURCES = ['crm', 'push', 'link-contacts', 'activities', 'reconciliation'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface ConsentEventDto {
  id: string;
  contactId: string;
  kind: ConsentEventKind;
  actorType: ConsentActorType;
  /** The CRM user's id, when a user did it. */
  actorId: string | null;
  /** Readable: the user's email, "the contact (in Constant Contact)", "push delivery"… */
  actorLabel: string | null;
  source: ConsentSource;
  reason: string | null;
  /** The address at the time. */
  email: string | null;
  ctctContactId: string | null;
  /** The outbox push it belongs to. */
  pushId: string | null;
  /** The API-log row of the CC call that carried it (kept while the API log keeps it). */
  apiCallLogId: string | null;
  jobRunId: string | null;
  requestId: string | null;
  /** When it happened (CC's opt-out date for an imported opt-out). */
  occurredAt: string;
  recordedAt: string;
}

export interface ConsentEventQuery {
  /** ISO-8601: events at or after. */
  from?: string;
  /** ISO-8601: events before. */
  to?: string;
  contactId?: string;
  cursor?: string;
  limit?: number;
}

/**
 * How fast the CRM's opt-outs reach CC. CAN-SPAM allows 10 business days; we aim for minutes.
 * - ok: nothing waiting longer than the target;
 * - late: something waits longer than the target;
 * - at_risk: something waits 5 business days or more;
 * - overdue: something waits 10 business days or more (the legal limit is passed).
 */
export type ConsentServiceStatus = 'ok' | 'late' | 'at_risk' | 'overdue';

export interface ConsentServiceLevelDto {
  /** Do Not Email contacts CC does not show unsubscribed yet: queued + failed + unpushed. */
  notReflected: number;
  /** An opt-out push is waiting or being delivered. */
  queued: number;
  /** The latest opt-out push failed for good. */
  failed: number;
  /** Do Not Email in the CRM, CC (as last synced) still mailable, nothing queued: drift (Reconciliation → Fix drift). */
  unpushed: number;
  /** Since when the oldest of them has waited. */
  oldestSince: string | null;
  oldestAgeSeconds: number | null;
  oldestBusinessDays: number | null;
  /** Opt-outs delivered in the last 7 days: how long from the CRM change to CC. */
  recent: { days: number; delivered: number; p50Seconds: number | null; p95Seconds: number | null; maxSeconds: number | null };
  targetSeconds: number;
  legalLimitBusinessDays: number;
  status: ConsentServiceStatus;
  measuredAt: string;
}

/** The API budget a set of pushes will use, against what is left today. */
export interface PushCostDto {
  apiCalls: number;
  budget: CtctBudgetDto;
  /** True when today's remaining quota covers the calls (else they wait for tomorrow's). */
  fitsToday: boolean;
}
