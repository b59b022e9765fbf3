import type { ContactDto, ContactSearchQuery, ContactSort, Page } from '@ctct/shared-types';
import { decodeCursor, keysetPage } from '../../common/keyset-page';
import { canUseSearchText } from './contact-search-text';
import { CONTACT_COLUMNS, ContactRow } from './contact.row';

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

/**
 * How many rows, in the sort's order from the cursor, a text search reads before it changes plan (see
 * `contactSearchPlans`): a term on at least ~1% of them fills a page from this window.
 */
export const TEXT_SEARCH_WINDOW = 10_000;

export interface ContactSearchPlan {
  sql: string;
  params: unknown[];
  limit: number;
  sort: ContactSort;
  /** True when the rows this plan returned are the page (the last plan always is). */
  answers(rows: readonly unknown[]): boolean;
}

/**
 * The keyset-paginated search as one or two statements, to run in order until one answers. Each returns the page
 * in the sort's order after the cursor, one row more than the page so we know whether a next page exists; the
 * sort key is read back as text so that timestamps keep their microseconds in the cursor.
 *
 * Without text there is one: the (sort key, id) index read in order, filters applied as it goes.
 *
 * With text, no single plan is fast for every term at 1,000,000 contacts (bench search-1m), because PostgreSQL
 * cannot know where the matches lie in the sort's order: walking that order until the page is full is instant for
 * a common term spread evenly ("engineer", a domain) and reads the whole table for a rare one or one whose
 * matches sit together in the order (a surname when sorting by name); fetching every match through the trigram
 * index and sorting them is instant for rare terms and slow for common ones. So:
 * 1. the first TEXT_SEARCH_WINDOW rows in order are read and filtered — a page when the term is common there (for
 *    the name sort, from an index that carries the search text and the filters' columns: no table rows are read);
 * 2. otherwise every match is fetched through the trigram index of `contact_search` (a narrow copy of the searched
 *    columns, see its migration) and the page is taken from them by a top-N sort (`OFFSET 0` keeps PostgreSQL from
 *    walking the order instead, without copying the matches into a CTE's store). Sorted by name, the matches and
 *    their sort key are read from that table alone; the `linked` filter and the updated-at key are read from
 *    contacts for each match.
 */
export function contactSearchPlans(query: ContactSearchQuery): ContactSearchPlan[] {
  const sort = query.sort ?? 'name';
  const spec = SORTS[sort];
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const direction = spec.descending ? 'DESC' : 'ASC';
  const order = `${spec.keyColumn} ${direction}, id ${direction}`;
  const columns = `${CONTACT_COLUMNS}, ${spec.keyColumn}::text AS sort_key`;

  /** Keyset: rows after the cursor in the sort's order, compared on the given (key, id) expressions. */
  const afterCursor = (param: (value: unknown) => string, key: string, id: string): string[] => {
    if (!query.cursor) return [];
    const position = decodeCursor(query.cursor, sort, { key: spec.keyCast === 'timestamptz' ? 'timestamp' : 'text', id: 'uuid' });
    const op = spec.descending ? '<' : '>';
    return [`(${key}, ${id}) ${op} (${param(position.key)}::${spec.keyCast}, ${param(position.id)}::uuid)`];
  };
  /** The WHERE of a plan on contacts: live, the filters (with or without the text), after the cursor. */
  const conditions = (param: (value: unknown) => string, withText: boolean): string =>
    [
      'deleted_at IS NULL',
      ...contactFilterConditions(withText ? query : { ...query, q: undefined }, param),
      ...afterCursor(param, spec.keyColumn, 'id'),
    ].join(' AND ');
  const plan = (build: (param: (value: unknown) => string) => string, answers: ContactSearchPlan['answers']): ContactSearchPlan => {
    const params: unknown[] = [];
    const sql = build((value) => `$${params.push(value)}`);
    return { sql, params, limit, sort, answers };
  };

  const text = query.q?.trim();
  if (!text || !canUseSearchText(text)) {
    return [
      plan(
        (param) => `SELECT ${columns} FROM contacts WHERE ${conditions(param, true)} ORDER BY ${order} LIMIT ${param(limit + 1)}`,
        () => true,
      ),
    ];
  }
  return [
    plan(
      // Only indexed columns in the window, so sorting by name reads it from contacts_sort_name_search alone (an
      // index-only scan: 10,000 rows in ~2 ms); the page's rows are read afterwards by id.
      (param) =>
        `WITH window_rows AS (SELECT id, ${spec.keyColumn} AS sort_value, search_text FROM contacts WHERE ${conditions(param, false)}` +
        ` ORDER BY ${order} LIMIT ${param(TEXT_SEARCH_WINDOW)}),` +
        ` page AS (SELECT id, sort_value FROM window_rows WHERE ${searchTextLike(text, param)}` +
        ` ORDER BY sort_value ${direction}, id ${direction} LIMIT ${param(limit + 1)})` +
        ` SELECT ${columns} FROM contacts JOIN page USING (id) ORDER BY page.sort_value ${direction}, id ${direction}`,
      (rows) => rows.length > limit,
    ),
    plan(
      // Only (id, sort key) of every match goes through the sort, which keeps the best page in memory (a MATERIALIZED
      // CTE here stored all 62,500 matches of a surname first, spilling to disk: 67 ms against 46); the page's rows
      // are read afterwards by id.
      (param) =>
        `WITH page AS (SELECT id, sort_value FROM (${everyMatch(text, query, spec, param, afterCursor)} OFFSET 0) AS matches` +
        ` ORDER BY sort_value ${direction}, id ${direction} LIMIT ${param(limit + 1)})` +
        ` SELECT ${columns} FROM contacts JOIN page USING (id) ORDER BY page.sort_value ${direction}, id ${direction}`,
      () => true,
    ),
  ];
}

/**
 * Plan 2's (id, sort_value) of every match of `text` and the filters, after the cursor, from contact_search (which
 * holds the live contacts only). By name, nothing else is read but for the `linked` filter; by update time, the key
 * is read from contacts.
 */
function everyMatch(
  text: string,
  query: ContactSearchQuery,
  spec: SortSpec,
  param: (value: unknown) => string,
  afterCursor: (param: (value: unknown) => string, key: string, id: string) => string[],
): string {
  const where = [searchTextLike(text, param, 's.search_text')];
  if (query.type) where.push(`s.type = ${param(query.type)}`);
  if (query.doNotEmail !== undefined) where.push(`s.do_not_email = ${param(query.doNotEmail)}`);
  const linked = query.linked === undefined ? [] : [`c.ctct_contact_id IS ${query.linked ? 'NOT NULL' : 'NULL'}`];
  if (spec.keyColumn === 'sort_name') {
    where.push(...afterCursor(param, 's.sort_name', 's.contact_id'));
    if (linked.length) where.push(`EXISTS (SELECT 1 FROM contacts c WHERE c.id = s.contact_id AND ${linked[0]})`);
    return `SELECT s.contact_id AS id, s.sort_name AS sort_value FROM contact_search s WHERE ${where.join(' AND ')}`;
  }
  where.push(...linked, ...afterCursor(param, `c.${spec.keyColumn}`, 'c.id'));
  return `SELECT c.id, c.${spec.keyColumn} AS sort_value FROM contact_search s JOIN contacts c ON c.id = s.contact_id WHERE ${where.join(' AND ')}`;
}

/** Runs the search plans in order (`run` sends one statement) and returns the rows of the one that answered. */
export async function findContactRows(
  query: ContactSearchQuery,
  run: (sql: string, params: unknown[]) => Promise<ContactRow[]>,
): Promise<{ rows: ContactRow[]; limit: number; sort: ContactSort }> {
  for (const plan of contactSearchPlans(query)) {
    const rows = await run(plan.sql, plan.params);
    if (plan.answers(rows)) return { rows, limit: plan.limit, sort: plan.sort };
  }
  throw new Error('the last search plan always answers');
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
    conditions.push(searchTextCondition(text, param, alias));
  } else if (text) {
    // Only a search containing the field separator (see contact-search-text.ts): the per-column conditions.
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

/**
 * `text` anywhere in the stored, lower-cased search text. `lower(s) LIKE lower(p)` is exactly what `s ILIKE p`
 * does, without lower-casing every candidate at read time.
 */
function searchTextLike(text: string, param: (value: unknown) => string, column = 'search_text'): string {
  return `${column} LIKE lower(${param(`%${escapeLike(text)}%`)})`;
}

/** The text as a filter over the table: contact_search's trigram index finds the candidates. */
function searchTextCondition(text: string, param: (value: unknown) => string, alias?: string): string {
  return `${alias ? `${alias}.` : ''}id IN (SELECT contact_id FROM contact_search WHERE ${searchTextLike(text, param)})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
