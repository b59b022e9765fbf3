import { Injectable } from '@nestjs/common';
import type { ContactListMembershipDto, ResubscribeResponse } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { sql } from '../../common/sql';
import { ConsentLedger } from '../consent/consent-ledger';
import { resubscribeRequested } from '../consent/consent-events';
import { ContactsRepository } from '../contacts/contacts.repository';
import { CtctClient } from '../ctct/ctct.client';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { SettingsService } from '../settings/settings.service';
import { DoNotEmailStateMachine } from './do-not-email.state-machine';
import { OutboxRow, OutboxRepository } from './outbox.repository';

/** A CRM list membership with the CC list's name and the latest push of it (a read across push, mirror and outbox). */
interface MembershipRow {
  list_id: string;
  name: string | null;
  added_at: Date;
  push_id: string | null;
  status: OutboxRow['status'];
  outcome: string | null;
  last_error: string | null;
  attempts: number;
  created_at: Date;
  delivered_at: Date | null;
}

/** The CRM's side of CC list memberships for one contact, and CC's re-subscribe flow. */
@Injectable()
export class ContactMembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly settings: SettingsService,
    private readonly client: CtctClient,
    private readonly contacts: ContactsRepository,
    private readonly mirror: CtctMirrorService,
    private readonly doNotEmail: DoNotEmailStateMachine,
    private readonly ledger: ConsentLedger,
  ) {}

  async list(contactId: string): Promise<ContactListMembershipDto[]> {
    await this.assertContact(contactId);
    const rows = await sql.rows<MembershipRow>(
      this.dataSource,
      `SELECT m.list_id, l.name, m.added_at, p.id::text AS push_id, p.status, p.outcome, p.last_error, p.attempts, p.created_at, p.delivered_at
         FROM crm_list_memberships m
         LEFT JOIN ctct_lists l ON l.list_id = m.list_id
         LEFT JOIN LATERAL (SELECT * FROM ctct_outbox o WHERE o.contact_id = m.contact_id AND o.kind = 'add_membership'
                              AND o.payload->>'listId' = m.list_id::text ORDER BY o.id DESC LIMIT 1) p ON true
        WHERE m.contact_id = $1 ORDER BY l.name NULLS LAST`,
      [contactId],
    );
    return rows.map((row) => ({
      listId: row.list_id,
      listName: row.name ?? null,
      addedAt: new Date(row.added_at).toISOString(),
      push: row.push_id
        ? {
            id: row.push_id,
            kind: 'add_membership' as const,
            status: row.status,
            outcome: row.outcome,
            lastError: row.last_error,
            attempts: row.attempts,
            createdAt: new Date(row.created_at).toISOString(),
            deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
          }
        : null,
    }));
  }

  async add(contactId: string, listId: string, userId: string): Promise<ContactListMembershipDto[]> {
    await this.dataSource.transaction(async (manager) => {
      const contact = await this.contacts.lockLive(manager, contactId);
      if (!contact) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
      const list = await this.mirror.liveList(manager, listId);
      if (!list)
        throw new ValidationFailedError([
          { field: 'listId', message: 'is not a Constant Contact list known to the CRM (sync lists first)' },
        ]);
      const inserted = await sql.one<{ list_id: string }>(
        manager,
        `INSERT INTO crm_list_memberships (contact_id, list_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING list_id`,
        [contactId, listId, userId],
      );
      if (inserted && (await this.settings.get('push.listMembershipTrigger'))) {
        await this.outbox.enqueue(manager, { kind: 'add_membership', contactId, payload: { listId }, createdBy: userId });
      }
    });
    return this.list(contactId);
  }

  async remove(contactId: string, listId: string, userId: string): Promise<ContactListMembershipDto[]> {
    await this.dataSource.transaction(async (manager) => {
      const removed = await sql.one<{ list_id: string }>(
        manager,
        `DELETE FROM crm_list_memberships WHERE contact_id = $1 AND list_id = $2 RETURNING list_id`,
        [contactId, listId],
      );
      if (!removed) throw new NotFoundError(`The contact is not on list ${listId}`);
      if (await this.settings.get('push.listMembershipTrigger')) {
        await this.outbox.enqueue(manager, { kind: 'remove_membership', contactId, payload: { listId }, createdBy: userId });
      }
    });
    return this.list(contactId);
  }

  /**
   * CC's resubscribe: it emails the person once; they are opted back in (and added to the lists) only when they
   * confirm. It goes to the CC contact that stands for the CRM contact now (the linked one, or after a re-creation
   * in CC the live one with the same email), as Do Not Email does. Lists default to the ones CC last had them on.
   */
  async requestResubscribe(contactId: string, listIds: string[] | undefined, by: string | null): Promise<ResubscribeResponse> {
    const contact = await this.contacts.findLive(this.dataSource, contactId);
    if (!contact) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
    const current = await this.mirror.currentFor(this.dataSource, { ctctId: contact.ctct_contact_id, email: contact.email });
    if (!current) throw new ConflictError('The contact is not in Constant Contact (as of the last link sync): nothing to re-subscribe.');
    if (current.cc_deleted_at) throw new ConflictError('The contact is deleted in Constant Contact: nothing to re-subscribe.');
    if (current.permission_to_send !== 'unsubscribed') {
      throw new ConflictError('The contact is not unsubscribed in Constant Contact: nothing to re-subscribe.');
    }
    const lists = listIds?.length ? listIds : (current.list_ids ?? []);
    if (lists.length === 0)
      throw new ValidationFailedError([{ field: 'listIds', message: 'choose at least one list to re-subscribe them to' }]);
    await this.client.call('resubscribeContact', { params: { contact_id: current.contact_id }, body: { list_ids: lists } });
    await this.doNotEmail.resubscribeRequested(this.dataSource, { contactId, ctctId: current.contact_id, listIds: lists, by });
    await this.ledger.record(this.dataSource, resubscribeRequested(contactId, current.contact_id, lists));
    return {
      message:
        `Constant Contact emailed ${contact.email?.trim()} a re-subscribe confirmation. ` +
        'They are opted in once they confirm; Constant Contact sends it only once.',
    };
  }

  private async assertContact(contactId: string): Promise<void> {
    const contact = await this.contacts.findLive(this.dataSource, contactId);
    if (!contact) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
  }
}
