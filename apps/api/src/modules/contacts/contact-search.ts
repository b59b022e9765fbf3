import type { ContactDto, ContactSearchQuery, ContactSort, Page } from '@ctct/shared-types';
import { decodeCursor, keysetPage } from '../../common/keyset-page';
import { canUseSearchText, contactSearchText } from './contact-search-text';

export const DEFAULT_PAGE_SIZE = 50;

interface SortSpec {
  keyColumn: string;
  keyCast: string;
  descending: boolean;
}

const SORTS: Record<ContactSort, SortSpec> = {
  name: { keyColumn: 'sort_name', keyCast: 'varchar', descending: false },
  '-name': { keyColumn: 'sort_name', keyCast: 'varchar', descending: true },
  updatedAt: { keyColumn: 'updated_at', keyCast: 'timestamptz', descending: false },
  '-updatedAt': { keyColumn: 'updated_at', keyCast: 'timestamptz', descending: true },
};

export const CONTACT_COLUMNS = `id, email, first_name, last_name, job_title, phone, type, do_not_email, ctct_contact_id, created_at, updated_at`;

/**
 * Builds the keyset-paginated search: filters, then "rows after the cursor" in the sort's order, one row
 * more than the page so we know whether a next page exists. The sort key is read back as text so that
 * timestamps keep their microseconds in the cursor.
 */
export function buildContactSearchSql(query: ContactSearchQuery): { sql: string; params: unknown[]; limit: number; sort: ContactSort } {
  const sort = query.sort ?? 'name';
  const spec = SORTS[sort];
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const params: unknown[] = [];
  const where = ['deleted_at IS NULL'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  where.push(...contactFilterConditions(query, param));
  if (query.cursor) {
    const position = decodeCursor(query.cursor, sort);
    const op = spec.descending ? '<' : '>';
    where.push(`(${spec.keyColumn}, id) ${op} (${param(position.key)}::${spec.keyCast}, ${param(position.id)}::uuid)`);
  }

  const direction = spec.descending ? 'DESC' : 'ASC';
  const sql =
    `SELECT ${CONTACT_COLUMNS}, ${spec.keyColumn}::text AS sort_key FROM contacts WHERE ${where.join(' AND ')}` +
    ` ORDER BY ${spec.keyColumn} ${direction}, id ${direction} LIMIT ${param(limit + 1)}`;
  return { sql, params, limit, sort };
}

/** SQL conditions for the contact filters (text, type, Do Not Email, linked); shared by search and bulk selections. */
export function contactFilterConditions(
  filter: Pick<ContactSearchQuery, 'q' | 'type' | 'doNotEmail' | 'linked'>,
  param: (value: unknown) => string,
  alias?: string,
): string[] {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  const conditions: string[] = [];
  const text = filter.q?.trim();
  if (text && canUseSearchText(text)) {
    // One expression over the joined fields, so the trigram index contacts_search_trgm serves it.
    conditions.push(`${contactSearchText(col)} ILIKE ${param(`%${escapeLike(text)}%`)}`);
  } else if (text) {
    const pattern = param(`%${escapeLike(text)}%`);
    conditions.push(
      `(${col('email')} ILIKE ${pattern} OR ${col('first_name')} ILIKE ${pattern} OR ${col('last_name')} ILIKE ${pattern}` +
        ` OR ${col('job_title')} ILIKE ${pattern}` +
        ` OR (coalesce(${col('first_name')}, '') || ' ' || coalesce(${col('last_name')}, '')) ILIKE ${pattern})`,
    );
  }
  if (filter.type) conditions.push(`${col('type')} = ${param(filter.type)}`);
  if (filter.doNotEmail !== undefined) conditions.push(`${col('do_not_email')} = ${param(filter.doNotEmail)}`);
  if (filter.linked !== undefined) conditions.push(`${col('ctct_contact_id')} IS ${filter.linked ? 'NOT NULL' : 'NULL'}`);
  return conditions;
}

export interface ContactRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  job_title: string | null;
  phone: string | null;
  type: ContactDto['type'];
  do_not_email: boolean;
  ctct_contact_id: string | null;
  created_at: Date;
  updated_at: Date;
  sort_key?: string;
}

export function toContactDto(row: ContactRow): ContactDto {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    jobTitle: row.job_title,
    phone: row.phone,
    type: row.type,
    doNotEmail: row.do_not_email,
    ctctContactId: row.ctct_contact_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The page of contacts from the rows the search returned (one more than the page when there is a next one). */
export function contactPage(rows: ContactRow[], limit: number, sort: ContactSort): Page<ContactDto> {
  return keysetPage(rows, limit, (row) => ({ sort, key: row.sort_key ?? null, id: row.id }), toContactDto);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
