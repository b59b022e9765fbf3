// CRM contacts for the sync benches, as a real CRM stores them: capitals and stray spaces in some emails
// (legacy imports), every email distinct once normalized. Deterministic: contact i is always the same.
import type { DataSource } from 'typeorm';

/** Contacts and the table its triggers keep (the search's): what a bulk load of CRM contacts writes. */
export const CRM_CONTACT_TABLES = ['contacts', 'contact_search'] as const;

export interface BenchCrmContact {
  /** As stored in contacts.email (may carry capitals and surrounding spaces). */
  email: string;
  firstName: string;
  lastName: string;
}

const FIRST_NAMES = [
  'Ava',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Mateo',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amelia',
  'Leo',
  'Zoe',
  'Hiro',
  'Chloe',
  'Arjun',
  'Grace',
  'Elena',
  'Kofi',
  'Nora',
];
const LAST_NAMES = [
  'Smith',
  'Garcia',
  'Nguyen',
  'Rossi',
  'Kim',
  'Okafor',
  'Silva',
  'Cohen',
  'Dubois',
  'Patel',
  'Jensen',
  'Novak',
  'Haddad',
  'Tanaka',
  'Brown',
  'Lopez',
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'acme.example', 'contoso.example'];

/** The bench's CRM contact number `index` (0-based): `prefix` keeps two populations' emails apart. */
export function benchCrmContact(index: number, prefix = 'crm'): BenchCrmContact {
  const firstName = FIRST_NAMES[index % FIRST_NAMES.length];
  const lastName = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length];
  let local = `${firstName.toLowerCase()}.${lastName.toLowerCase()}.${prefix}${index}`;
  let domain = DOMAINS[index % DOMAINS.length];
  if (index % 3 === 0) local = `${firstName}.${lastName}.${prefix}${index}`;
  if (index % 5 === 0) domain = domain.toUpperCase();
  let email = `${local}@${domain}`;
  if (index % 8 === 0) email = ` ${email}`;
  if (index % 13 === 0) email = `${email}  `;
  return { email, firstName, lastName };
}

/** What the API matches on: contacts.email_normalized = lower(btrim(email)). */
export function normalizedEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function benchCrmContacts(count: number, prefix = 'crm'): BenchCrmContact[] {
  return Array.from({ length: count }, (_, index) => benchCrmContact(index, prefix));
}

/** Inserts the contacts into the API's database in one statement (unnest), as an import would leave them. */
export async function insertCrmContacts(dataSource: DataSource, contacts: BenchCrmContact[]): Promise<void> {
  await dataSource.query(
    `INSERT INTO contacts (email, first_name, last_name, type)
     SELECT email, first_name, last_name, (ARRAY['customer', 'lead', 'supplier', 'other'])[1 + ordinality % 4]
       FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) WITH ORDINALITY AS t(email, first_name, last_name, ordinality)`,
    [contacts.map((contact) => contact.email), contacts.map((contact) => contact.firstName), contacts.map((contact) => contact.lastName)],
  );
  await dataSource.query(`ANALYZE contacts`);
}

const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value}'`).join(', ')}]`;

/**
 * The email of benchCrmContact(i) computed in SQL (a column expression over `i`), so a million contacts go in
 * with one INSERT … SELECT over generate_series instead of a million JS objects in the bench process.
 * `crmContactsSqlAgrees` checks it against the JS version.
 */
function emailSql(prefix: string): string {
  const first = `(${sqlArray(FIRST_NAMES)})[1 + i % ${FIRST_NAMES.length}]`;
  const last = `(${sqlArray(LAST_NAMES)})[1 + (i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}]`;
  const domain = `(${sqlArray(DOMAINS)})[1 + i % ${DOMAINS.length}]`;
  const local = `CASE WHEN i % 3 = 0 THEN ${first} || '.' || ${last} ELSE lower(${first}) || '.' || lower(${last}) END || '.${prefix}' || i`;
  const host = `CASE WHEN i % 5 = 0 THEN upper(${domain}) ELSE ${domain} END`;
  return `CASE WHEN i % 8 = 0 THEN ' ' ELSE '' END || ${local} || '@' || ${host} || CASE WHEN i % 13 = 0 THEN '  ' ELSE '' END`;
}

export interface CrmContactsSqlOptions {
  /** Contacts benchCrmContact(from) … benchCrmContact(from + count − 1). */
  from?: number;
  count: number;
  prefix?: string;
  /**
   * Spread created_at/updated_at over the 5 years before now, in an order unrelated to i (as a CRM that
   * grew over years has them), instead of one now() for every row: sorting by updatedAt then means something.
   */
  spreadTimes?: boolean;
  /** Give every third contact a job title (the list's text search also reads it). The type is a quarter each,
   * unrelated to the names (insertCrmContacts' `i % 4` would tie it to the first name, and so to the name order). */
  jobTitles?: boolean;
}

const JOB_TITLES = ['Owner', 'Buyer', 'Manager', 'Director', 'Engineer', 'Analyst', 'Consultant'];

/** Inserts benchCrmContact(from … from + count − 1) with one INSERT … SELECT over generate_series. */
export async function insertCrmContactsSql(dataSource: DataSource, options: CrmContactsSqlOptions): Promise<void> {
  const { from = 0, count, prefix = 'crm', spreadTimes = false, jobTitles = false } = options;
  if (!/^[a-z0-9]+$/.test(prefix)) throw new Error(`prefix must be lower-case letters and digits, got ${prefix}`);
  // 2654435761 (Knuth's multiplicative hash) scatters i over the 5 years; the same i always gets the same time.
  const time = spreadTimes ? `now() - make_interval(secs => ((i::bigint * 2654435761) % 157680000)::float8)` : 'now()';
  const title = jobTitles ? `CASE WHEN i % 3 = 1 THEN (${sqlArray(JOB_TITLES)})[1 + (i / 3) % ${JOB_TITLES.length}] END` : 'NULL';
  await dataSource.query(
    `INSERT INTO contacts (email, first_name, last_name, job_title, type, created_at, updated_at)
     SELECT ${emailSql(prefix)}, (${sqlArray(FIRST_NAMES)})[1 + i % ${FIRST_NAMES.length}],
            (${sqlArray(LAST_NAMES)})[1 + (i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}], ${title},
            (ARRAY['customer', 'lead', 'supplier', 'other'])[1 + (i::bigint * 2654435761 / 1024) % 4], t, t
       FROM generate_series($1::int, $2::int) AS i, LATERAL (SELECT ${time} AS t) AS times`,
    [from, from + count - 1],
  );
}

/** True when the SQL version wrote exactly benchCrmContact(i)'s email for a sample of the given range. */
export async function crmContactsSqlAgrees(dataSource: DataSource, prefix: string, from: number, count: number): Promise<boolean> {
  const sample = Array.from({ length: 50 }, (_, k) => from + Math.floor((k * count) / 50));
  const rows: Array<{ email: string }> = await dataSource.query(`SELECT ${emailSql(prefix)} AS email FROM unnest($1::int[]) AS i`, [
    sample,
  ]);
  return rows.every((row, k) => row.email === benchCrmContact(sample[k], prefix).email);
}
