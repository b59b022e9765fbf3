import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ContactDto } from '@ctct/shared-types';
import { EntityManager } from 'typeorm';
import { currentCorrelation } from '../../common/correlation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ContactChangeListener, ContactChangeListeners, ContactPushedField } from '../contacts/contact-change-listener';
import { ContactBeforeChange } from '../contacts/contacts.repository';
import { ConsentLedger } from '../consent/consent-ledger';
import { doNotEmailChangedByUser } from '../consent/consent-events';
import { SettingsService } from '../settings/settings.service';
import { DoNotEmailStateMachine } from './do-not-email.state-machine';
import { OutboxRepository } from './outbox.repository';

const FIELD_LABELS: Record<ContactPushedField, string> = { email: 'email', first_name: 'first name', last_name: 'last name' };

/**
 * What a CRM contact change means for CC, decided inside the change's own transaction: Do Not Email on or off →
 * the Do Not Email state machine (an opt-out queued, cancelled, or the change refused); a new email or name of a
 * linked contact → a field push (coalesced: one per contact until it is delivered; Settings can turn them off);
 * a new contact of a ruled type → a membership push to its list. Registers with the contacts module at start
 * (contacts does not import push).
 */
@Injectable()
export class ContactPushPolicy implements ContactChangeListener, OnModuleInit {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsService,
    private readonly doNotEmail: DoNotEmailStateMachine,
    private readonly listeners: ContactChangeListeners,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: ConsentLedger,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  /** Throws before anything is written when CC has the person unsubscribed (or waits while it is being told so). */
  assertMayClearDoNotEmail(manager: EntityManager, contact: ContactBeforeChange): Promise<void> {
    return this.doNotEmail.assertMayTurnOff(manager, contact);
  }

  async onDoNotEmailChanged(manager: EntityManager, contactId: string, doNotEmail: boolean): Promise<void> {
    const optOutPushId = doNotEmail ? await this.doNotEmail.turnedOn(manager, contactId, currentCorrelation().userId ?? null) : null;
    if (!doNotEmail) await this.doNotEmail.turnedOff(manager, contactId);
    await this.ledger.record(manager, doNotEmailChangedByUser(contactId, doNotEmail, optOutPushId));
  }

  /**
   * A linked contact's email or name changed: a field push, carrying only the contact (delivery reads the CRM's
   * values then, so the latest edit wins and edits made before delivery share one PUT). An unlinked contact has
   * nothing in CC to update: the link job links it and convergence then fixes any difference.
   */
  async onFieldsChanged(manager: EntityManager, contact: ContactBeforeChange, fields: ContactPushedField[]): Promise<void> {
    if (!contact.ctct_contact_id) return;
    if (!(await this.settings.get('push.fieldPushes'))) return;
    const reason = `${fields.map((field) => FIELD_LABELS[field]).join(', ')} changed in the CRM`;
    const createdBy = currentCorrelation().userId ?? null;
    await this.outbox.enqueueFieldPush(manager, { contactId: contact.id, createdBy, delayMs: this.config.PUSH_COALESCE_MS, reason });
  }

  /**
   * Re-linked to a re-created CC contact: the new CC contact knows nothing of the CRM's Do Not Email, so the opt-out
   * is sent again (delivery reads the contact's current link: the new id).
   */
  async onRelinked(manager: EntityManager, contact: { id: string; doNotEmail: boolean }, ctctId: string): Promise<void> {
    if (!contact.doNotEmail) return;
    const payload = { doNotEmail: true, reason: 're-linked to a re-created Constant Contact contact', ctctContactId: ctctId };
    const createdBy = currentCorrelation().userId ?? null;
    await this.outbox.enqueue(manager, { kind: 'opt_out', contactId: contact.id, payload, createdBy, supersedes: 'opt_out' });
  }

  /** Contact-type → list rules (a setting): new customers, suppliers and leads join their CC list. */
  async onContactCreated(manager: EntityManager, contact: ContactDto): Promise<void> {
    if (contact.type === 'other' || !contact.email || contact.doNotEmail) return;
    if (!(await this.settings.get('push.typeListRules.enabled'))) return;
    const listName = await this.settings.get(`push.typeListRules.${contact.type}`);
    const payload = { listName, reason: `contact type ${contact.type}` };
    const createdBy = currentCorrelation().userId ?? null;
    await this.outbox.enqueue(manager, { kind: 'add_membership', contactId: contact.id, payload, createdBy });
  }
}
