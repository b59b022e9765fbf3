import { Injectable } from '@nestjs/common';
import type { ContactDto, ContactSaveResponse, ContactSearchQuery, CreateContactRequest, Page, UpdateContactRequest } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { ContactPushPolicy } from '../push/contact-push-policy';
import { CONTACT_COLUMNS, contactPage, findContactRows, toContactDto } from './contact-search';

// API field → column. Only these can be written through the API (ctct_contact_id is the sync's to set).
const WRITABLE_COLUMNS = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  jobTitle: 'job_title',
  phone: 'phone',
  type: 'type',
  doNotEmail: 'do_not_email',
} as const satisfies Record<keyof CreateContactRequest, string>;

type WritableField = keyof typeof WRITABLE_COLUMNS;

@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pushPolicy: ContactPushPolicy,
  ) {}

  async search(query: ContactSearchQuery): Promise<Page<ContactDto>> {
    const { rows, limit, sort } = await findContactRows(query, (sql, params) => this.dataSource.query(sql, params));
    return contactPage(rows, limit, sort);
  }

  async get(id: string): Promise<ContactDto> {
    const [row] = await this.dataSource.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND deleted_at IS NULL`, [id]);
    if (!row) throw new NotFoundError(`Contact ${id} does not exist or was deleted`);
    return toContactDto(row);
  }

  /** Creates the contact and, in the same transaction, any push the type → list rules call for. */
  async create(request: CreateContactRequest): Promise<ContactSaveResponse> {
    const fields = this.writableFieldsOf(request);
    const columns = fields.map((field) => WRITABLE_COLUMNS[field]);
    const values = fields.map((field) => request[field]);
    const placeholders = values.map((_, index) => `$${index + 1}`);
    const sql = columns.length
      ? `INSERT INTO contacts (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${CONTACT_COLUMNS}`
      : `INSERT INTO contacts DEFAULT VALUES RETURNING ${CONTACT_COLUMNS}`;
    const contact = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(sql, values);
      const created = toContactDto(row);
      await this.pushPolicy.onContactCreated(manager, created);
      if (created.doNotEmail) await this.pushPolicy.onDoNotEmailChanged(manager, created.id, true);
      return created;
    });
    return this.withDuplicates(contact);
  }

  /**
   * Changes exactly the fields sent, in one transaction with the push it implies (Do Not Email → an outbox
   * row): a rejected request writes nothing, and a committed change is never without its push.
   */
  async update(id: string, request: UpdateContactRequest): Promise<ContactSaveResponse> {
    const fields = this.writableFieldsOf(request);
    if (fields.length === 0) {
      throw new ValidationFailedError([], `Nothing to update: send at least one of ${Object.keys(WRITABLE_COLUMNS).join(', ')}`);
    }
    const contact = await this.dataSource.transaction(async (manager) => {
      const [before] = await manager.query(
        `SELECT id, email, do_not_email, ctct_contact_id FROM contacts WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
        [id],
      );
      if (!before) throw new NotFoundError(`Contact ${id} does not exist or was deleted`);
      const dneChanged = request.doNotEmail !== undefined && request.doNotEmail !== before.do_not_email;
      if (dneChanged && request.doNotEmail === false) await this.pushPolicy.assertMayClearDoNotEmail(manager, before);
      const assignments = fields.map((field, index) => `${WRITABLE_COLUMNS[field]} = $${index + 2}`);
      const [rows] = await manager.query(
        `UPDATE contacts SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${CONTACT_COLUMNS}`,
        [id, ...fields.map((field) => request[field])],
      );
      if (dneChanged) await this.pushPolicy.onDoNotEmailChanged(manager, id, request.doNotEmail!);
      return toContactDto(rows[0]);
    });
    return this.withDuplicates(contact);
  }

  async softDelete(id: string): Promise<void> {
    const [, affected] = await this.dataSource.query(`UPDATE contacts SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [id]);
    if (!affected) throw new NotFoundError(`Contact ${id} does not exist or was already deleted`);
  }

  /** Other live contacts with the same normalized email: duplicates are allowed, but we say so. */
  async findDuplicateEmailIds(contact: Pick<ContactDto, 'id' | 'email'>): Promise<string[]> {
    if (!contact.email) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM contacts WHERE email_normalized = lower(btrim($1)) AND id <> $2 AND deleted_at IS NULL ORDER BY created_at LIMIT 50`,
      [contact.email, contact.id],
    );
    return rows.map((row) => row.id);
  }

  private async withDuplicates(contact: ContactDto): Promise<ContactSaveResponse> {
    return { contact, duplicateEmailContactIds: await this.findDuplicateEmailIds(contact) };
  }

  private writableFieldsOf(request: CreateContactRequest): WritableField[] {
    return (Object.keys(WRITABLE_COLUMNS) as WritableField[]).filter((field) => request[field] !== undefined);
  }
}
