import { Injectable } from '@nestjs/common';
import {
  CONTACT_COUNT_CAP,
  type ContactCountDto,
  type ContactCountQuery,
  type ContactSearchQuery,
  type ContactSort,
} from '@ctct/shared-types';
import { Db, sql } from '../../common/sql';
import { contactFilterConditions, findContactRows } from './contact-search';
import { CONTACT_COLUMNS, ContactRow, ContactWritableColumn, NewContact } from './contact.row';
import { emailKey, looseEmailKey } from './email-key';

const INSERT_BATCH = 500;

/** What a change needs to know of the contact before it is made (read under a row lock). */
export interface ContactBeforeChange {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  do_not_email: boolean;
  ctct_contact_id: string | null;
}

/**
 * The contacts table: every read and write of it by the contacts module and by the other modules (the demo
 * seed, the sync jobs' opt-outs, pushes) goes through these named methods. The link to a CC contact is the one
 * column not written here: ContactLinks owns it.
 */
@Injectable()
export class ContactsRepository {
  /**
   * One keyset page of the search (one row more than the page, so the caller knows whether there is a next): one
   * statement, or two for a text search (see contactSearchPlans).
   */
  async search(db: Db, query: ContactSearchQuery): Promise<{ rows: ContactRow[]; limit: number; sort: ContactSort }> {
    return findContactRows(query, (text, params) => sql.rows<ContactRow>(db, text, params));
  }

  /**
   * "1–50 of 2,000" for the contacts list without counting a million rows on every search: at most CAP + 1 matching
   * rows are counted (a LIMIT inside the count, so a big table stops early), and a larger unfiltered table reports
   * PostgreSQL's own estimate of its size instead.
   */
  async count(db: Db, query: ContactCountQuery): Promise<ContactCountDto> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const filters = contactFilterConditions(query, param);
    const where = ['deleted_at IS NULL', ...filters].join(' AND ');
    const capped = await sql.one<{ count: number }>(
      db,
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM contacts WHERE ${where} LIMIT ${param(CONTACT_COUNT_CAP + 1)}) AS matching`,
      params,
    );
    const count = capped?.count ?? 0;
    if (count <= CONTACT_COUNT_CAP) return { count, kind: 'exact' };
    if (filters.length === 0) {
      // reltuples is refreshed by (auto)vacuum/analyze; -1 or a stale small value means "unknown": say "at least".
      const table = await sql.one<{ estimate: number }>(
        db,
        `SELECT reltuples::bigint::float8 AS estimate FROM pg_class WHERE oid = 'contacts'::regclass`,
      );
      const estimate = Math.round(table?.estimate ?? 0);
      if (estimate > CONTACT_COUNT_CAP) return { count: estimate, kind: 'estimate' };
    }
    return { count: CONTACT_COUNT_CAP, kind: 'atLeast' };
  }

  async findLive(db: Db, id: string): Promise<ContactRow | undefined> {
    return sql.one<ContactRow>(db, `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND deleted_at IS NULL`, [id]);
  }

  /** Locks a live contact for the rest of the caller's transaction; undefined when it does not exist or was deleted. */
  async lockLive(db: Db, id: string): Promise<ContactBeforeChange | undefined> {
    return sql.one<ContactBeforeChange>(
      db,
      `SELECT id, email, first_name, last_name, do_not_email, ctct_contact_id FROM contacts
        WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
  }

  async insert(db: Db, values: Partial<Record<ContactWritableColumn, unknown>>): Promise<ContactRow> {
    const written = withEmailKey(values);
    const columns = Object.keys(written);
    const placeholders = columns.map((_, index) => `$${index + 1}`);
    const text = columns.length
      ? `INSERT INTO contacts (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING ${CONTACT_COLUMNS}`
      : `INSERT INTO contacts DEFAULT VALUES RETURNING ${CONTACT_COLUMNS}`;
    return (await sql.one<ContactRow>(
      db,
      text,
      columns.map((column) => written[column]),
    ))!;
  }

  /** Inserts many contacts, 500 a statement (the demo seed). */
  async insertMany(db: Db, contacts: NewContact[]): Promise<void> {
    for (let start = 0; start < contacts.length; start += INSERT_BATCH) {
      const batch = contacts.slice(start, start + INSERT_BATCH);
      const params: unknown[] = [];
      const rows = batch.map((contact) => {
        const { email, firstName, lastName, jobTitle, phone, type, doNotEmail } = contact;
        params.push(email, emailKey(email), looseEmailKey(email), firstName, lastName, jobTitle, phone, type, doNotEmail);
        const base = params.length - 9;
        return `(${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((offset) => `$${base + offset}`).join(', ')})`;
      });
      await sql.affected(
        db,
        `INSERT INTO contacts (email, email_normalized, email_loose_key, first_name, last_name, job_title, phone, type, do_not_email)
         VALUES ${rows.join(', ')}`,
        params,
      );
    }
  }

  /** Changes exactly the columns given; the caller has checked (and locked) that the contact is live. */
  async update(db: Db, id: string, values: Partial<Record<ContactWritableColumn, unknown>>): Promise<ContactRow> {
    const written = withEmailKey(values);
    const columns = Object.keys(written);
    const assignments = columns.map((column, index) => `${column} = $${index + 2}`);
    const row = await sql.one<ContactRow>(
      db,
      `UPDATE contacts SET ${assignments.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${CONTACT_COLUMNS}`,
      [id, ...columns.map((column) => written[column])],
    );
    return row!;
  }

  /** Returns false when there was no live contact to delete. */
  async softDelete(db: Db, id: string): Promise<boolean> {
    return (await sql.affected(db, `UPDATE contacts SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [id])) > 0;
  }

  /** Other live contacts with the same email key, oldest first (at most 50). */
  async duplicateEmailIds(db: Db, email: string | null, exceptId: string): Promise<string[]> {
    const key = emailKey(email);
    if (!key) return [];
    const rows = await sql.rows<{ id: string }>(
      db,
      `SELECT id FROM contacts WHERE email_normalized = $1 AND id <> $2 AND deleted_at IS NULL ORDER BY created_at LIMIT 50`,
      [key, exceptId],
    );
    return rows.map((row) => row.id);
  }

  /** The live CRM contacts linked to these CC contacts. */
  async linkedTo(db: Db, ctctIds: string[]): Promise<Array<{ id: string; ctct_contact_id: string }>> {
    if (ctctIds.length === 0) return [];
    return sql.rows(db, `SELECT id, ctct_contact_id FROM contacts WHERE ctct_contact_id = ANY($1::uuid[]) AND deleted_at IS NULL`, [
      ctctIds,
    ]);
  }

  /**
   * CC says these people unsubscribed: the live CRM contacts linked to them get Do Not Email. Returns the ones
   * that did not have it yet. (No push follows: CC already has them unsubscribed.)
   */
  async setDoNotEmailForCtctOptOuts(
    db: Db,
    ctctIds: string[],
  ): Promise<Array<{ id: string; email: string | null; ctct_contact_id: string }>> {
    if (ctctIds.length === 0) return [];
    return sql.rows(
      db,
      `UPDATE contacts SET do_not_email = true, updated_at = now()
        WHERE ctct_contact_id = ANY($1::uuid[]) AND NOT do_not_email AND deleted_at IS NULL RETURNING id, email, ctct_contact_id`,
      [ctctIds],
    );
  }

  /**
   * The people confirmed CC's re-subscribe email: these live CRM contacts lose Do Not Email (the one way it is
   * turned off once CC had them unsubscribed). Returns the ones that had it.
   */
  async clearDoNotEmailForCtctResubscribes(db: Db, crmIds: string[]): Promise<Array<{ id: string }>> {
    if (crmIds.length === 0) return [];
    return sql.rows(
      db,
      `UPDATE contacts SET do_not_email = false, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND do_not_email AND deleted_at IS NULL RETURNING id`,
      [crmIds],
    );
  }
}

/** The columns to write: the email key and loose key (email-key.ts) go with every email written, never without it. */
function withEmailKey(values: Partial<Record<ContactWritableColumn, unknown>>): Record<string, unknown> {
  if (!('email' in values)) return values;
  const email = values.email as string | null;
  return { ...values, email_normalized: emailKey(email), email_loose_key: looseEmailKey(email) };
}
