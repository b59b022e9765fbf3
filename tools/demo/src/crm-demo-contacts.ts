import { EMAIL_DOMAINS, FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './names';
import { pick, seededRandom } from './random';

export const CRM_DEMO_SEED = 20_261_123;
export const CRM_DEMO_CONTACT_COUNT = 2_000;

export type DemoContactType = 'customer' | 'supplier' | 'lead' | 'other';

export interface DemoContact {
  email: string | null;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
  phone: string | null;
  type: DemoContactType;
  doNotEmail: boolean;
}

export interface DemoContactOptions {
  seed?: number;
  count?: number;
}

const TYPES: DemoContactType[] = ['customer', 'customer', 'customer', 'lead', 'lead', 'supplier', 'other'];

/**
 * The CRM's demo contacts, as a real CRM's data looks: ~3% have no email, a few are malformed, ~1.5% repeat
 * another contact's email, and some emails carry capitals or stray spaces (legacy imports). Same output for the
 * same seed, everywhere.
 */
export function generateCrmDemoContacts(options: DemoContactOptions = {}): DemoContact[] {
  const random = seededRandom(options.seed ?? CRM_DEMO_SEED);
  const count = options.count ?? CRM_DEMO_CONTACT_COUNT;
  const usedEmails = new Set<string>();
  const contacts: DemoContact[] = [];

  for (let index = 0; index < count; index++) {
    const firstName = pick(random, FIRST_NAMES);
    const lastName = pick(random, LAST_NAMES);
    const roll = random();
    let email: string | null;
    if (roll < 0.03) {
      email = null;
    } else if (roll < 0.035) {
      email = malformedEmail(random, firstName, lastName);
    } else if (roll < 0.05 && contacts.length > 10) {
      // A duplicate: the same person entered twice, or a shared mailbox.
      const earlier = contacts[Math.floor(random() * contacts.length)];
      email = earlier.email ?? uniqueEmail(random, firstName, lastName, usedEmails);
    } else {
      email = uniqueEmail(random, firstName, lastName, usedEmails);
      if (random() < 0.08) email = messUp(random, email);
    }
    contacts.push({
      email,
      firstName,
      lastName,
      jobTitle: random() < 0.85 ? pick(random, JOB_TITLES) : null,
      phone: random() < 0.7 ? `+1 ${200 + Math.floor(random() * 700)}-555-${String(Math.floor(random() * 10_000)).padStart(4, '0')}` : null,
      type: pick(random, TYPES),
      doNotEmail: random() < 0.02,
    });
  }
  return contacts;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function uniqueEmail(random: () => number, firstName: string, lastName: string, used: Set<string>): string {
  const domain = pick(random, EMAIL_DOMAINS);
  const styles = [
    `${slug(firstName)}.${slug(lastName)}`,
    `${slug(firstName)[0]}${slug(lastName)}`,
    `${slug(firstName)}${slug(lastName)[0]}`,
  ];
  let local = pick(random, styles);
  let email = `${local}@${domain}`;
  for (let suffix = 2; used.has(email); suffix++) {
    local = `${pick(random, styles)}${suffix}`;
    email = `${local}@${domain}`;
  }
  used.add(email);
  return email;
}

function messUp(random: () => number, email: string): string {
  const [local, domain] = email.split('@');
  const capitalised = `${local[0].toUpperCase()}${local.slice(1)}@${random() < 0.5 ? domain.toUpperCase() : domain}`;
  return random() < 0.5 ? ` ${capitalised}` : `${capitalised}  `;
}

function malformedEmail(random: () => number, firstName: string, lastName: string): string {
  const name = `${slug(firstName)}.${slug(lastName)}`;
  return pick(random, [`${name}@`, `${name}.example.com`, `${slug(firstName)} ${slug(lastName)}@mail.example`, `${name}@@contoso.example`]);
}

/** The normalized, well-formed emails of the demo CRM: what the sandbox scenario makes CC contacts for. */
export function crmDemoEmails(options: DemoContactOptions = {}): string[] {
  const emails = new Set<string>();
  for (const contact of generateCrmDemoContacts(options)) {
    const normalized = contact.email?.trim().toLowerCase();
    if (normalized && /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(normalized)) emails.add(normalized);
  }
  return [...emails];
}
