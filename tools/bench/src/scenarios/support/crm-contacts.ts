// CRM contacts for the sync benches, as a real CRM stores them: capitals and stray spaces in some emails
// (legacy imports), every email distinct once normalized. Deterministic: contact i is always the same.
import type { DataSource } from 'typeorm';

export interface BenchCrmContact {
  /** As stored in contacts.email (may carry capitals and surrounding spaces). */
  email: string;
  firstName: string;
  lastName: string;
}

const FIRST_NAMES = ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Amelia', 'Leo', 'Zoe', 'Hiro', 'Chloe', 'Arjun', 'Grace', 'Elena', 'Kofi', 'Nora'];
const LAST_NAMES = ['Smith', 'Garcia', 'Nguyen', 'Rossi', 'Kim', 'Okafor', 'Silva', 'Cohen', 'Dubois', 'Patel', 'Jensen', 'Novak', 'Haddad', 'Tanaka', 'Brown', 'Lopez'];
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
