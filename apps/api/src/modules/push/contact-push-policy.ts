import { Injectable, OnModuleInit } from '@nestjs/common';
import type { ContactDto } from '@ctct/shared-types';
import { EntityManager } from 'typeorm';
import { currentCorrelation } from '../../common/correlation';
import { ConflictError } from '../../common/domain-errors';
import { ContactChangeListener, ContactChangeListeners } from '../contacts/contact-change-listener';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { SettingsService } from '../settings/settings.service';
import { OutboxRepository } from './outbox.repository';

/**
 * What a CRM contact change means for CC, decided inside the change's own transaction: Do Not Email on →
 * an opt-out push; Do Not Email off for someone CC has unsubscribed → refused (only the person can opt back
 * in); a new contact of a ruled type → a membership push to its list. Registers with the contacts module at
 * start (contacts does not import push).
 */
@Injectable()
export class ContactPushPolicy implements ContactChangeListener, OnModuleInit {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsService,
    private readonly mirror: CtctMirrorService,
    private readonly listeners: ContactChangeListeners,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  /** Throws before anything is written when the change would re-subscribe someone CC has unsubscribed. */
  async assertMayClearDoNotEmail(manager: EntityManager, contact: { id: string; email: string | null; ctct_contact_id: string | null }): Promise<void> {
    const status = contact.ctct_contact_id
      ? await this.mirror.permissionOf(manager, contact.ctct_contact_id)
      : await this.mirror.permissionByEmail(manager, contact.email);
    if (status?.permission_to_send !== 'unsubscribed') return;
    const when = status.opt_out_date ? ` on ${new Date(status.opt_out_date).toISOString().slice(0, 10)}` : '';
    const who = status.opt_out_source === 'Contact' ? 'The person unsubscribed' : 'Your account unsubscribed them';
    const message =
      `${who} in Constant Contact${when}, and Constant Contact does not let an integration opt anyone back in. ` +
      `Send Constant Contact's re-subscribe email instead (POST /api/contacts/${contact.id}/ctct/resubscribe): they are opted in once they confirm.`;
    throw new ConflictError(message, [{ field: 'doNotEmail', message: 'cannot be turned off: unsubscribed in Constant Contact' }]);
  }

  async onDoNotEmailChanged(manager: EntityManager, contactId: string, doNotEmail: boolean): Promise<void> {
    if (doNotEmail) {
      const createdBy = currentCorrelation().userId ?? null;
      await this.outbox.enqueue(manager, { kind: 'opt_out', contactId, payload: { doNotEmail: true }, createdBy, supersedes: 'opt_out' });
    } else {
      // Changed back before delivery: the pending opt-out must not go out.
      await this.outbox.supersedePendingOptOut(manager, contactId);
    }
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
