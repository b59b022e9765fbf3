import { Injectable } from '@nestjs/common';
import type { ContactDto } from '@ctct/shared-types';
import { EntityManager } from 'typeorm';
import { currentCorrelation } from '../../common/correlation';
import { ConflictError } from '../../common/domain-errors';
import { emailKey } from '../contacts/email-key';
import { SettingsService } from '../settings/settings.service';
import { OutboxRepository } from './outbox.repository';

interface CtctPermission {
  permission_to_send: string | null;
  opt_out_source: string | null;
  opt_out_date: Date | null;
}

/**
 * What a CRM contact change means for CC, decided inside the change's own transaction: Do Not Email on →
 * an opt-out push; Do Not Email off for someone CC has unsubscribed → refused (only the person can opt back
 * in); a new contact of a ruled type → a membership push to its list.
 */
@Injectable()
export class ContactPushPolicy {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsService,
  ) {}

  /** Throws before anything is written when the change would re-subscribe someone CC has unsubscribed. */
  async assertMayClearDoNotEmail(manager: EntityManager, contact: { id: string; email: string | null; ctct_contact_id: string | null }): Promise<void> {
    const status = await this.ctctPermission(manager, contact);
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
      await this.outbox.add(manager, { kind: 'opt_out', contactId, payload: { doNotEmail: true }, createdBy: currentCorrelation().userId ?? null, supersedes: 'opt_out' });
    } else {
      // Changed back before delivery: the pending opt-out must not go out.
      await manager.query(
        `UPDATE ctct_outbox SET status = 'superseded', outcome = 'Do Not Email turned off before delivery' WHERE contact_id = $1 AND kind = 'opt_out' AND status = 'pending'`,
        [contactId],
      );
    }
  }

  /** Contact-type → list rules (a setting): new customers, suppliers and leads join their CC list. */
  async onContactCreated(manager: EntityManager, contact: ContactDto): Promise<void> {
    if (contact.type === 'other' || !contact.email || contact.doNotEmail) return;
    if (!(await this.settings.get('push.typeListRules.enabled'))) return;
    const listName = await this.settings.get(`push.typeListRules.${contact.type}`);
    await this.outbox.add(manager, { kind: 'add_membership', contactId: contact.id, payload: { listName, reason: `contact type ${contact.type}` }, createdBy: currentCorrelation().userId ?? null });
  }

  private async ctctPermission(manager: EntityManager, contact: { email: string | null; ctct_contact_id: string | null }): Promise<CtctPermission | null> {
    const [row] = contact.ctct_contact_id
      ? await manager.query(`SELECT permission_to_send, opt_out_source, opt_out_date FROM ctct_contacts WHERE contact_id = $1`, [contact.ctct_contact_id])
      : await manager.query(
          `SELECT permission_to_send, opt_out_source, opt_out_date FROM ctct_contacts
            WHERE email_normalized = $1 AND cc_deleted_at IS NULL LIMIT 1`,
          [emailKey(contact.email)],
        );
    return row ?? null;
  }
}
