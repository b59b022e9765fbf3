import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctApiError } from '../ctct/ctct-errors';
import { CtctClient } from '../ctct/ctct.client';
import { ctctAddressOf, ctctLookupEmail } from '../ctct/ctct-email';
import { CtctContactResource, CtctMirrorService } from '../sync/ctct-mirror.service';

/** A CC contact with the core fields a PUT must carry back (PUT clears any core field it omits). */
export interface CtctContactFull extends CtctContactResource {
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  birthday_month?: number;
  birthday_day?: number;
  anniversary?: string;
}

// Core fields of ContactPutRequest; sub-resources omitted from a PUT are left alone by CC.
const CORE_FIELDS = ['first_name', 'last_name', 'job_title', 'company_name', 'birthday_month', 'birthday_day', 'anniversary'] as const;

/**
 * The CC contact operations pushes need, each done the safe way: find by email (deleted ones included), read
 * before a PUT and send every core field back unchanged, never PUT a deleted contact (that would revive it).
 */
@Injectable()
export class CtctContactWriter {
  constructor(
    private readonly client: CtctClient,
    private readonly mirror: CtctMirrorService,
    private readonly dataSource: DataSource,
  ) {}

  /** As CC wants lookups: the lower-cased trimmed address, deleted contacts included (they still hold the address). */
  async findByEmail(email: string): Promise<CtctContactFull | null> {
    const page = await this.client.request<{ contacts: CtctContactFull[] }>({
      operation: 'getContacts',
      method: 'GET',
      path: '/contacts',
      query: { email: ctctLookupEmail(email) ?? '', status: 'all', include: 'list_memberships' },
    });
    const found = page.contacts[0] ?? null;
    if (found) await this.mirror.upsertContacts([found], null);
    return found;
  }

  async get(contactId: string): Promise<CtctContactFull | null> {
    try {
      const contact = await this.client.request<CtctContactFull>({
        operation: 'getContact',
        method: 'GET',
        path: `/contacts/${contactId}`,
        query: { include: 'list_memberships' },
      });
      await this.mirror.upsertContacts([contact], null);
      return contact;
    } catch (error) {
      if (error instanceof CtctApiError && error.httpStatus === 404) return null;
      throw error;
    }
  }

  /** Account-side unsubscribe: the contact as read, with only the permission changed. */
  async unsubscribe(contact: CtctContactFull, reason: string): Promise<CtctContactFull> {
    if (contact.deleted_at) throw new Error('refusing to PUT a deleted contact: it would revive it');
    const body: Record<string, unknown> = { update_source: 'Account' };
    for (const field of CORE_FIELDS) if (contact[field] !== undefined) body[field] = contact[field];
    body.email_address = { address: contact.email_address?.address, permission_to_send: 'unsubscribed', opt_out_reason: reason };
    const updated = await this.client.request<CtctContactFull>({ operation: 'putContact', method: 'PUT', path: `/contacts/${contact.contact_id}`, body });
    await this.mirror.upsertContacts([{ ...updated, list_memberships: updated.list_memberships ?? contact.list_memberships }], null);
    return updated;
  }

  /** Creates a CC contact with only what the CRM pushes: email, names, and (implicit) permission. */
  async create(input: { email: string; firstName: string | null; lastName: string | null; listIds: string[] }): Promise<CtctContactFull> {
    const created = await this.client.request<CtctContactFull>({
      operation: 'createContact',
      method: 'POST',
      path: '/contacts',
      body: {
        email_address: { address: ctctAddressOf(input.email), permission_to_send: 'implicit' },
        ...(input.firstName ? { first_name: input.firstName.slice(0, 50) } : {}),
        ...(input.lastName ? { last_name: input.lastName.slice(0, 50) } : {}),
        create_source: 'Account',
        ...(input.listIds.length ? { list_memberships: input.listIds } : {}),
      },
    });
    await this.mirror.upsertContacts([{ ...created, list_memberships: created.list_memberships ?? input.listIds }], null);
    return created;
  }

  /**
   * Stores the CC id on the CRM contact unless another live contact already holds it. Returns whether it linked.
   * PART 2 (identity): becomes a call to the contacts module's ContactLinks.link, the one writer of links.
   */
  async link(crmContactId: string, ctctContactId: string): Promise<boolean> {
    const [, updated] = await this.dataSource.query(
      `UPDATE contacts SET ctct_contact_id = $2, updated_at = now()
        WHERE id = $1 AND ctct_contact_id IS NULL AND deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.ctct_contact_id = $2 AND o.deleted_at IS NULL)`,
      [crmContactId, ctctContactId],
    );
    return updated === 1;
  }
}
