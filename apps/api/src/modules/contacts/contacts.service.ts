import { Injectable } from '@nestjs/common';
import type {
  ContactCountDto,
  ContactCountQuery,
  ContactDto,
  ContactSaveResponse,
  ContactSearchQuery,
  CreateContactRequest,
  Page,
  UpdateContactRequest,
} from '@ctct/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { ContactChangeListeners, ContactChangeMustWait, ContactPushedField } from './contact-change-listener';
import { contactPage, toContactDto } from './contact-search';
import { ContactRow, ContactWritableColumn } from './contact.row';
import { ContactBeforeChange, ContactsRepository } from './contacts.repository';
import { emailKey } from './email-key';

// API field → column. Only these can be written through the API (ctct_contact_id is ContactLinks' to set).
const WRITABLE_COLUMNS = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  jobTitle: 'job_title',
  phone: 'phone',
  type: 'type',
  doNotEmail: 'do_not_email',
} as const satisfies Record<keyof CreateContactRequest, ContactWritableColumn>;

type WritableField = keyof typeof WRITABLE_COLUMNS;

// How often a change waits for a listener that cannot decide yet (each wait is bounded by the listener).
const MAX_WAITS = 3;

/** The pushed fields whose value the update changed (an email only when its key changed: CC compares by key). */
function pushedFieldsChanged(before: ContactBeforeChange, after: ContactRow): ContactPushedField[] {
  const changed: ContactPushedField[] = [];
  if (emailKey(before.email) !== emailKey(after.email)) changed.push('email');
  if ((before.first_name ?? null) !== (after.first_name ?? null)) changed.push('first_name');
  if ((before.last_name ?? null) !== (after.last_name ?? null)) changed.push('last_name');
  return changed;
}

@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsRepository,
    // Push registers here: a contact change and the push it implies commit together.
    private readonly listeners: ContactChangeListeners,
  ) {}

  async search(query: ContactSearchQuery): Promise<Page<ContactDto>> {
    const { rows, limit, sort } = await this.contacts.search(this.dataSource, query);
    return contactPage(rows, limit, sort);
  }

  /** How many contacts match the list's filters: exact up to 10,000, then "at least" or the table's estimate. */
  count(query: ContactCountQuery): Promise<ContactCountDto> {
    return this.contacts.count(this.dataSource, query);
  }

  async get(id: string): Promise<ContactDto> {
    const row = await this.contacts.findLive(this.dataSource, id);
    if (!row) throw new NotFoundError(`Contact ${id} does not exist or was deleted`);
    return toContactDto(row);
  }

  /** Creates the contact and, in the same transaction, any push the type → list rules call for. */
  async create(request: CreateContactRequest): Promise<ContactSaveResponse> {
    const contact = await this.dataSource.transaction(async (manager) => {
      const created = toContactDto(await this.contacts.insert(manager, this.columnsOf(request)));
      await this.listeners.onContactCreated(manager, created);
      if (created.doNotEmail) await this.listeners.onDoNotEmailChanged(manager, created.id, true);
      return created;
    });
    return this.withDuplicates(contact);
  }

  /**
   * Changes exactly the fields sent, in one transaction with the push it implies (Do Not Email → an opt-out; a
   * new email or name of a linked contact → a field push): a rejected request writes nothing, and a committed
   * change is never without its push. When a listener cannot decide yet (an opt-out is with CC right now), the
   * change waits outside its transaction for that and is tried again, so the answer is the true one.
   */
  async update(id: string, request: UpdateContactRequest): Promise<ContactSaveResponse> {
    const fields = this.writableFieldsOf(request);
    if (fields.length === 0) {
      throw new ValidationFailedError([], `Nothing to update: send at least one of ${Object.keys(WRITABLE_COLUMNS).join(', ')}`);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return this.withDuplicates(await this.dataSource.transaction((manager) => this.updateIn(manager, id, request)));
      } catch (error) {
        if (!(error instanceof ContactChangeMustWait)) throw error;
        if (attempt >= MAX_WAITS) throw error.giveUp;
        await error.until();
      }
    }
  }

  private async updateIn(manager: EntityManager, id: string, request: UpdateContactRequest): Promise<ContactDto> {
    const before = await this.contacts.lockLive(manager, id);
    if (!before) throw new NotFoundError(`Contact ${id} does not exist or was deleted`);
    const dneChanged = request.doNotEmail !== undefined && request.doNotEmail !== before.do_not_email;
    if (dneChanged && request.doNotEmail === false) await this.listeners.assertMayClearDoNotEmail(manager, before);
    const updated = await this.contacts.update(manager, id, this.columnsOf(request));
    if (dneChanged) await this.listeners.onDoNotEmailChanged(manager, id, request.doNotEmail!);
    await this.listeners.onFieldsChanged(manager, before, pushedFieldsChanged(before, updated));
    return toContactDto(updated);
  }

  async softDelete(id: string): Promise<void> {
    const deleted = await this.contacts.softDelete(this.dataSource, id);
    if (!deleted) throw new NotFoundError(`Contact ${id} does not exist or was already deleted`);
  }

  /** Other live contacts with the same email key: duplicates are allowed, but we say so. */
  async findDuplicateEmailIds(contact: Pick<ContactDto, 'id' | 'email'>): Promise<string[]> {
    if (!contact.email) return [];
    return this.contacts.duplicateEmailIds(this.dataSource, contact.email, contact.id);
  }

  private async withDuplicates(contact: ContactDto): Promise<ContactSaveResponse> {
    return { contact, duplicateEmailContactIds: await this.findDuplicateEmailIds(contact) };
  }

  private writableFieldsOf(request: CreateContactRequest): WritableField[] {
    return (Object.keys(WRITABLE_COLUMNS) as WritableField[]).filter((field) => request[field] !== undefined);
  }

  /** The sent fields as column → value. */
  private columnsOf(request: CreateContactRequest): Partial<Record<ContactWritableColumn, unknown>> {
    return Object.fromEntries(this.writableFieldsOf(request).map((field) => [WRITABLE_COLUMNS[field], request[field]]));
  }
}
