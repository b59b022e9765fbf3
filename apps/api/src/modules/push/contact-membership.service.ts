import { Injectable } from '@nestjs/common';
import type { ContactListMembershipDto, ResubscribeResponse } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { sql } from '../../common/sql';
import { ContactsRepository } from '../contacts/contacts.repository';
import { CtctClient } from '../ctct/ctct.client';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { SettingsService } from '../settings/settings.service';
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

interface ResubscribeRow {
  email: string | null;
  ctct_contact_id: string | null;
  permission_to_send: string | null;
  list_ids: string[] | null;
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
      if (!list) throw new ValidationFailedError([{ field: 'listId', message: 'is not a Constant Contact list known to the CRM (sync lists first)' }]);
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
   * confirm. Lists default to the ones CC last had them on.
   */
  async requestResubscribe(contactId: string, listIds?: string[]): Promise<ResubscribeResponse> {
    const row = await sql.one<ResubscribeRow>(
      this.dataSource,
      `SELECT c.email, c.ctct_contact_id, m.permission_to_send, m.list_ids FROM contacts c
         LEFT JOIN ctct_contacts m ON m.contact_id = c.ctct_contact_id WHERE c.id = $1 AND c.deleted_at IS NULL`,
      [contactId],
    );
    if (!row) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
    if (!row.ctct_contact_id) throw new ConflictError('The contact is not linked to a Constant Contact contact: run the link sync first.');
    if (row.permission_to_send !== 'unsubscribed') throw new ConflictError('The contact is not unsubscribed in Constant Contact: nothing to re-subscribe.');
    const lists = listIds?.length ? listIds : (row.list_ids ?? []);
    if (lists.length === 0) throw new ValidationFailedError([{ field: 'listIds', message: 'choose at least one list to re-subscribe them to' }]);
    await this.client.call('resubscribeContact', { params: { contact_id: row.ctct_contact_id }, body: { list_ids: lists } });
    return {
      message: `Constant Contact emailed ${row.email?.trim()} a re-subscribe confirmation. They are opted in once they confirm; Constant Contact sends it only once.`,
    };
  }

  private async assertContact(contactId: string): Promise<void> {
    const contact = await this.contacts.findLive(this.dataSource, contactId);
    if (!contact) throw new NotFoundError(`Contact ${contactId} does not exist or was deleted`);
  }
}
