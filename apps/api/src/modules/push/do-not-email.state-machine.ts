import { Injectable } from '@nestjs/common';
import type { DoNotEmailStateDto, FieldError } from '@ctct/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../../common/domain-errors';
import { Db, sql } from '../../common/sql';
import { ContactChangeMustWait } from '../contacts/contact-change-listener';
import { ContactBeforeChange, ContactsRepository } from '../contacts/contacts.repository';
import type { CtctCurrentContactRow } from '../ctct-mirror/ctct-mirror.rows';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { OutboxRepository } from './outbox.repository';

// How long turning Do Not Email off waits for CC to answer an opt-out it has in hand, before saying "try again".
const WAIT_FOR_DELIVERY_MS = 15_000;
const DO_NOT_EMAIL_FIELD: FieldError[] = [{ field: 'doNotEmail', message: 'cannot be turned off: unsubscribed in Constant Contact' }];

interface StateRow {
  email: string | null;
  do_not_email: boolean;
  ctct_contact_id: string | null;
  opt_out_status: string | null;
  opt_out_error: string | null;
  resubscribe_at: Date | null;
  resubscribe_ctct_id: string | null;
  resubscribe_after_opt_out: boolean;
}

/**
 * Do Not Email, one state machine (docs/ARCHITECTURE.md, "Do Not Email: one state machine"). Every change of a
 * contact's consent state goes through one of the named transitions below, whoever causes it — a CRM user, a
 * delivery, convergence after a link run, CC's re-subscribe email — so the rules live in one place and the consent
 * ledger can record each transition here. The state itself is derived, never stored twice: the CRM's flag, the
 * contact's newest opt-out push, and what the mirror says of the CC contact that currently stands for it
 * (`CtctMirrorService.currentFor`: the linked one, or after a re-creation in CC the live one with the same email).
 *
 *   may_email ──on──▶ opt_out_queued ──claimed──▶ opt_out_delivering ──CC answers──▶ unsubscribed
 *       ▲                 │ off: cancelled             │ off: waits for the answer       │ re-subscribe email
 *       └─────────────────┘                            ▼                                 ▼
 *       ▲                                     held_in_crm / opt_out_failed      resubscribe_requested
 *       └───────────────────── the person confirms (seen by a link run) ─────────────────┘
 *
 * Once CC says unsubscribed (our opt-out or the person's own), the CRM cannot turn Do Not Email off; while CC
 * has the contact mailable and the CRM says Do Not Email, convergence queues the opt-out again.
 */
@Injectable()
export class DoNotEmailStateMachine {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly mirror: CtctMirrorService,
    private readonly contacts: ContactsRepository,
  ) {}

  // ---- transitions (each is one consent event) ----

  /** A CRM user turned Do Not Email on: the opt-out is queued in the same transaction (a newer one replaces a pending one). */
  /** Returns the queued opt-out's id (the consent ledger names it). */
  async turnedOn(manager: EntityManager, contactId: string, by: string | null): Promise<string> {
    return this.outbox.enqueue(manager, { kind: 'opt_out', contactId, payload: { doNotEmail: true }, createdBy: by, supersedes: 'opt_out' });
  }

  /**
   * A CRM user asks to turn Do Not Email off. Refused when CC says the current contact is unsubscribed (only CC's
   * re-subscribe email opts anyone back in). While CC has the opt-out in hand, the answer depends on CC's: the
   * change waits for it and is tried again (ContactChangeMustWait), then answers truthfully. A pending opt-out is
   * locked here, so no worker claims it before `turnedOff` cancels it.
   */
  async assertMayTurnOff(manager: EntityManager, contact: ContactBeforeChange): Promise<void> {
    const current = await this.mirror.currentFor(manager, { ctctId: contact.ctct_contact_id, email: contact.email });
    if (current?.permission_to_send === 'unsubscribed') {
      throw new ConflictError(`${unsubscribedSentence(current)} ${resubscribeAdvice(contact.id)}`, DO_NOT_EMAIL_FIELD);
    }
    const active = await this.outbox.lockActiveOptOut(manager, contact.id);
    if (active?.status === 'delivering') {
      const giveUp = new ConflictError(
        'Constant Contact has the opt-out in hand and has not answered yet, so whether they may be emailed again is not known: ' +
          'try again in a minute.',
        [{ field: 'doNotEmail', message: 'cannot be turned off while the opt-out is being delivered' }],
      );
      throw new ContactChangeMustWait(() => this.outbox.waitWhileDelivering(active.id, WAIT_FOR_DELIVERY_MS), giveUp);
    }
  }

  /** Do Not Email turned off (allowed): an opt-out still queued is cancelled, in the same transaction. */
  async turnedOff(manager: EntityManager, contactId: string): Promise<void> {
    await this.outbox.supersedePendingOptOut(manager, contactId);
  }

  /**
   * Delivery settled an opt-out: `unsubscribed` when CC now has the person unsubscribed (or already had), false
   * when there was nothing to opt out (not in CC, deleted there: held in the CRM) or it failed for good. The outbox
   * row already says what happened; this is where the consent ledger records it.
   */
  async optOutSettled(_contactId: string, _outcome: { unsubscribed: boolean; text: string }): Promise<void> {
    // Nothing else to write: the state is derived from the outbox row and the mirror the delivery updated.
  }

  /**
   * Convergence: the CRM says Do Not Email but the CC contact that stands for it is mailable (revived by an
   * import or a sign-up form, re-created under a new id): the opt-out is queued again. Returns the contacts queued.
   */
  async driftFound(db: Db, contactIds: string[]): Promise<string[]> {
    return this.outbox.enqueueMany(db, 'opt_out', contactIds, {
      doNotEmail: true,
      reason: 'Constant Contact had them mailable while the CRM says Do Not Email',
    });
  }

  /** CC emailed its re-subscribe confirmation (a CRM user asked for it): recorded, so the record and convergence know. */
  async resubscribeRequested(db: Db, request: { contactId: string; ctctId: string; listIds: string[]; by: string | null }): Promise<void> {
    await this.outbox.recordResubscribe(db, {
      contactId: request.contactId,
      ctctId: request.ctctId,
      listIds: request.listIds,
      createdBy: request.by,
    });
  }

  /** The people confirmed CC's re-subscribe email (CC has them opted in again): Do Not Email off in the CRM. */
  async resubscribeConfirmed(db: Db, contactIds: string[]): Promise<string[]> {
    return (await this.contacts.clearDoNotEmailForCtctResubscribes(db, contactIds)).map((row) => row.id);
  }

  // ---- the state, for the contact record ----

  async stateOf(contactId: string): Promise<DoNotEmailStateDto> {
    const row = await sql.one<StateRow>(
      this.dataSource,
      `SELECT c.email, c.do_not_email, c.ctct_contact_id, o.status AS opt_out_status, o.last_error AS opt_out_error,
              r.created_at AS resubscribe_at, r.payload->>'ctctId' AS resubscribe_ctct_id,
              coalesce(r.id > coalesce(o.id, 0), false) AS resubscribe_after_opt_out
         FROM contacts c
         LEFT JOIN LATERAL (SELECT id, status, last_error FROM ctct_outbox
                             WHERE contact_id = c.id AND kind = 'opt_out' AND status <> 'superseded' ORDER BY id DESC LIMIT 1) o ON true
         LEFT JOIN LATERAL (SELECT id, created_at, payload FROM ctct_outbox
                             WHERE contact_id = c.id AND kind = 'resubscribe' ORDER BY id DESC LIMIT 1) r ON true
        WHERE c.id = $1 AND c.deleted_at IS NULL`,
      [contactId],
    );
    if (!row) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
    const current = await this.mirror.currentFor(this.dataSource, { ctctId: row.ctct_contact_id, email: row.email });
    const state = (name: DoNotEmailStateDto['state'], mayTurnOff: boolean, message: string): DoNotEmailStateDto => ({
      state: name,
      doNotEmail: row.do_not_email,
      mayTurnOff,
      message,
      ctctContactId: current?.contact_id ?? row.ctct_contact_id,
    });

    if (current?.permission_to_send === 'unsubscribed') {
      if (row.resubscribe_ctct_id === current.contact_id && row.resubscribe_after_opt_out) {
        const on = row.resubscribe_at ? ` on ${isoDay(row.resubscribe_at)}` : '';
        return state(
          'resubscribe_requested',
          false,
          `${unsubscribedSentence(current)} Its re-subscribe email went to them${on}: Do Not Email turns off once they confirm it ` +
            '(seen by the next link run).',
        );
      }
      return state(
        'unsubscribed',
        false,
        `${unsubscribedSentence(current)} Only they can opt back in: send Constant Contact's re-subscribe email.`,
      );
    }
    if (!row.do_not_email) return state('may_email', true, 'Off: Constant Contact may email them.');
    switch (row.opt_out_status) {
      case 'pending':
        return state('opt_out_queued', true, 'On: the opt-out is queued for Constant Contact. Turning it off now cancels it.');
      case 'delivering':
        return state(
          'opt_out_delivering',
          false,
          "On: the opt-out is with Constant Contact now. Turning it off waits for Constant Contact's answer.",
        );
      case 'failed':
        return state('opt_out_failed', true, `On, but the opt-out to Constant Contact failed: ${row.opt_out_error ?? 'no reason given'}.`);
    }
    if (current && !current.cc_deleted_at) {
      return state('held_in_crm', true, 'On, but Constant Contact still has them mailable: the next link run queues the opt-out again.');
    }
    return state(
      'held_in_crm',
      true,
      'On, held in the CRM: Constant Contact has no live contact to opt out. If it brings one back, the next link run opts it out.',
    );
  }
}

function isoDay(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10);
}

/** "The person unsubscribed in Constant Contact on 2026-03-01." / "Your account unsubscribed them …" */
function unsubscribedSentence(current: CtctCurrentContactRow): string {
  const when = current.opt_out_date ? ` on ${isoDay(current.opt_out_date)}` : '';
  const who = current.opt_out_source === 'Contact' ? 'The person unsubscribed' : 'Your account unsubscribed them';
  return `${who} in Constant Contact${when}.`;
}

function resubscribeAdvice(contactId: string): string {
  return (
    'Constant Contact does not let an integration opt anyone back in. ' +
    `Send Constant Contact's re-subscribe email instead (POST /api/contacts/${contactId}/ctct/resubscribe): ` +
    'they are opted in once they confirm.'
  );
}
