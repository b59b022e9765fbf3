import { Injectable } from '@nestjs/common';
import type { ContactDto, ContactSaveResponse, ContactSearchQuery, CreateContactRequest, Page, UpdateContactRequest } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError, ValidationFailedError } from '../../common/domain-errors';
import { buildContactSearchSql, CONTACT_COLUMNS, ContactRow, nextCursorOf, toContactDto } from './contact-search';

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
  constructor(private readonly dataSource: DataSource) {}

  async search(query: ContactSearchQuery): Promise<Page<ContactDto>> {
    const { sql, params, limit, sort } = buildContactSearchSql(query);
    const rows: ContactRow[] = await this.dataSource.query(sql, params);
    return { items: rows.slice(0, limit).map(toContactDto), nextCursor: nextCursorOf(rows, limit, sort) };
  }

  async get(id: string): Promise<ContactDto> {
    const [row] = await this.dataSource.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND deleted_at IS NULL`, [id]);
    if (!row) throw new NotFoundError(`Contact ${id} does not exist or was deleted`);
    return toContactDto(row);
  }

  async create(request: CreateContactRequest): Promise<ContactSaveResponse> {
    const fields = this.writableFieldsOf(request);
    const columns = fields.map((field) => WRITABLE_COLUMNS[field]);
    const values = fields.map((field) => request[field]);
    const placeholders = values.map((_, index) => `$${index + 1}`);
    const sql = columns.length
      ? `INSERT INTO contacts (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${CONTACT_COLUMNS}`
      : `INSERT INTO contacts DEFAULT VALUES RETURNING ${CONTACT_COLUMNS}`;
    const [row] = await this.dataSource.query(sql, values);
    return this.withDuplicates(toContactDto(row));
  }

  /** Changes exactly the fields sent, in one statement: a rejected request writes nothing. */
  async update(id: string, request: UpdateContactRequest): Promise<ContactSaveResponse> {
    const fields = this.writableFieldsOf(request);
    if (fields.length === 0) {
      throw new ValidationFailedError([], `Nothing to update: send at least one of ${Object.keys(WRITABLE_COLUMNS).join(', ')}`);
    }
    const assignments = fields.map((field, index) => `${WRITABLE_COLUMNS[field]} = $${index + 2}`);
    const rows = await this.dataSource.query(
      `UPDATE contacts SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING ${CONTACT_COLUMNS}`,
      [id, ...fields.map((field) => request[field])],
    );
    const [updated] = rows[0] as ContactRow[];
    if (!updated) throw new NotFoundError(`Contact ${id} does not exist or was deleted`);
    return this.withDuplicates(toContactDto(updated));
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
