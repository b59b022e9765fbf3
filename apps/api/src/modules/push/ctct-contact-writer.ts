import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctApiError } from '../ctct/ctct-errors';
import { CtctClient } from '../ctct/ctct.client';
import { ctctAddressOf, ctctLookupEmail } from '../ctct/ctct-email';
import type { CtctContact, CtctContactCoreField, CtctContactPutRequest } from '../ctct/ctct-v3.types';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import type { WantedFields } from './field-push';

/** A CC contact with the core fields a PUT must carry back (PUT clears any core field it omits). */
export type CtctContactFull = CtctContact;

// Core fields of ContactPutRequest; sub-resources omitted from a PUT are left alone by CC.
const CORE_FIELDS: readonly CtctContactCoreField[] = [
  'first_name',
  'last_name',
  'job_title',
  'company_name',
  'birthday_month',
  'birthday_day',
  'anniversary',
];

/** The core fields of a contact as read, to send back unchanged (a PUT clears the ones it omits). */
function coreFieldsOf(contact: CtctContactFull): Partial<Pick<CtctContact, CtctContactCoreField>> {
  const core: Partial<Pick<CtctContact, CtctContactCoreField>> = {};
  for (const field of CORE_FIELDS) if (contact[field] !== undefined) Object.assign(core, { [field]: contact[field] });
  return core;
}

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
    const page = await this.client.call('getContacts', {
      query: { email: ctctLookupEmail(email) ?? '', status: 'all', include: 'list_memberships' },
    });
    const found = page.contacts[0] ?? null;
    if (found) await this.mirror.upsertContacts(this.dataSource, [found], null);
    return found;
  }

  async get(contactId: string): Promise<CtctContactFull | null> {
    try {
      const contact = await this.client.call('getContact', {
        params: { contact_id: contactId },
        query: { include: 'list_memberships' },
      });
      await this.mirror.upsertContacts(this.dataSource, [contact], null);
      return contact;
    } catch (error) {
      if (!(error instanceof CtctApiError && error.httpStatus === 404)) throw error;
      // Gone from CC (deleted and purged): the mirror must not keep it as live, or consent would follow it.
      await this.mirror.markContactsGone(this.dataSource, [contactId]);
      return null;
    }
  }

  /** Account-side unsubscribe: the contact as read, with only the permission changed. */
  async unsubscribe(contact: CtctContactFull, reason: string): Promise<CtctContactFull> {
    return this.put(contact, {
      ...coreFieldsOf(contact),
      email_address: { address: contact.email_address?.address, permission_to_send: 'unsubscribed', opt_out_reason: reason },
    });
  }

  /**
   * A field push: the contact as read, with the CRM's email and names. The permission is not sent at all, so CC
   * keeps it whatever happened since the read; a name the CRM does not have is left out, which clears it in CC.
   */
  async updateFields(contact: CtctContactFull, wanted: WantedFields): Promise<CtctContactFull> {
    const { first_name: _first, last_name: _last, ...others } = coreFieldsOf(contact);
    return this.put(contact, {
      ...others,
      ...(wanted.firstName !== null ? { first_name: wanted.firstName } : {}),
      ...(wanted.lastName !== null ? { last_name: wanted.lastName } : {}),
      email_address: { address: wanted.address },
    });
  }

  /** PUT with `update_source: Account`, never to a deleted contact (it would revive it); the answer goes to the mirror. */
  private async put(contact: CtctContactFull, body: Omit<CtctContactPutRequest, 'update_source'>): Promise<CtctContactFull> {
    if (contact.deleted_at) throw new Error('refusing to PUT a deleted contact: it would revive it');
    const updated = await this.client.call('putContact', {
      params: { contact_id: contact.contact_id },
      body: { update_source: 'Account', ...body },
    });
    const mirrored = { ...updated, list_memberships: updated.list_memberships ?? contact.list_memberships };
    await this.mirror.upsertContacts(this.dataSource, [mirrored], null);
    return updated;
  }

  /** Creates a CC contact with only what the CRM pushes: email, names, and (implicit) permission. */
  async create(input: { email: string; firstName: string | null; lastName: string | null; listIds: string[] }): Promise<CtctContactFull> {
    const created = await this.client.call('createContact', {
      body: {
        email_address: { address: ctctAddressOf(input.email)!, permission_to_send: 'implicit' },
        ...(input.firstName ? { first_name: input.firstName.slice(0, 50) } : {}),
        ...(input.lastName ? { last_name: input.lastName.slice(0, 50) } : {}),
        create_source: 'Account',
        ...(input.listIds.length ? { list_memberships: input.listIds } : {}),
      },
    });
    await this.mirror.upsertContacts(this.dataSource, [{ ...created, list_memberships: created.list_memberships ?? input.listIds }], null);
    return created;
  }
}
