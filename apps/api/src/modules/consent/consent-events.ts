import type { ConsentSource } from '@ctct/shared-types';
import type { ConsentEvent } from './consent-ledger';

/**
 * The consent events of each transition, built where the transition happens (pure: the call sites pass what they
 * know, ConsentLedger.record adds the context).
 */

/** A CRM user turned Do Not Email on (and the opt-out push it queued) or off. */
export function doNotEmailChangedByUser(contactId: string, doNotEmail: boolean, optOutPushId?: string | null): ConsentEvent[] {
  if (!doNotEmail) {
    return [
      {
        contactId,
        kind: 'do_not_email_cleared',
        actorType: 'crm_user',
        source: 'crm',
        reason: 'Do Not Email turned off in the CRM',
        apiCallLogId: null,
      },
    ];
  }
  const events: ConsentEvent[] = [
    {
      contactId,
      kind: 'do_not_email_set',
      actorType: 'crm_user',
      source: 'crm',
      reason: 'Do Not Email turned on in the CRM',
      apiCallLogId: null,
    },
  ];
  if (optOutPushId) events.push(optOutQueued(contactId, optOutPushId, 'crm', 'crm_user', 'to unsubscribe them in Constant Contact'));
  return events;
}

export function optOutQueued(
  contactId: string,
  pushId: string,
  source: ConsentSource,
  actorType: ConsentEvent['actorType'],
  reason: string,
): ConsentEvent {
  return { contactId, kind: 'opt_out_queued', actorType, source, reason, outboxId: pushId, apiCallLogId: null };
}

/**
 * How an opt-out push ended: CC has them unsubscribed (our PUT, or found already so), nothing was sent (nothing to
 * opt out, or Do Not Email off again), or it failed for good. Other push kinds are no consent events.
 */
export function pushOutcomeEvents(
  push: { id: string; kind: string; contact_id: string | null },
  result: { outcome: string } | { failure: string },
): ConsentEvent[] {
  if (push.kind !== 'opt_out' || !push.contact_id) return [];
  const base = { contactId: push.contact_id, actorType: 'integration' as const, source: 'push' as const, outboxId: push.id };
  if ('failure' in result) return [{ ...base, kind: 'opt_out_failed', reason: result.failure }];
  const reflected = /^(already )?unsubscribed in Constant Contact/.test(result.outcome);
  return [{ ...base, kind: reflected ? 'opt_out_delivered' : 'opt_out_not_sent', reason: result.outcome }];
}

/** An unsubscribe CC reported (contact listing or a campaign's opt-out report), as CC described it. */
export interface CtctOptOutFact {
  ctctContactId: string;
  /** CC's opt_out_source: 'Contact' (the person) or 'Account'. */
  optOutSource: string | null;
  optOutDate: Date | string | null;
  optOutReason: string | null;
}

/** The CRM contacts that got Do Not Email because CC reported them unsubscribed. */
export function ctctOptOutsImported(
  flagged: ReadonlyArray<{ id: string; ctct_contact_id: string | null }>,
  facts: readonly CtctOptOutFact[],
  source: 'link-contacts' | 'activities',
): ConsentEvent[] {
  const factOf = new Map(facts.map((fact) => [fact.ctctContactId, fact]));
  const where = source === 'link-contacts' ? 'the contact listing' : "a campaign's opt-out report";
  return flagged.map((row) => {
    const fact = row.ctct_contact_id ? factOf.get(row.ctct_contact_id) : undefined;
    const why = fact?.optOutReason ? `: ${fact.optOutReason}` : '';
    return {
      contactId: row.id,
      kind: 'ctct_opt_out_imported',
      actorType: fact?.optOutSource === 'Account' ? 'ctct_account' : 'ctct_contact',
      source,
      reason: `unsubscribed in Constant Contact (${where})${why}; Do Not Email set in the CRM`,
      ctctContactId: row.ctct_contact_id,
      occurredAt: fact?.optOutDate ?? null,
    };
  });
}

export function resubscribeRequested(contactId: string, ctctContactId: string, listIds: readonly string[]): ConsentEvent {
  const lists = listIds.length === 1 ? '1 list' : `${listIds.length} lists`;
  return {
    contactId,
    kind: 'resubscribe_requested',
    actorType: 'crm_user',
    source: 'crm',
    reason: `Constant Contact's re-subscribe confirmation email requested (${lists}); opted in only once they confirm`,
    ctctContactId,
  };
}
