import { benchCrmContact, benchCrmContacts, normalizedEmail } from './crm-contacts';

describe('bench CRM contacts', () => {
  it('stores some emails with capitals and stray spaces, as legacy imports leave them', () => {
    const emails = benchCrmContacts(200).map((contact) => contact.email);
    expect(emails.some((email) => email !== email.trim())).toBe(true);
    expect(emails.some((email) => email.trim() !== email.trim().toLowerCase())).toBe(true);
  });

  it('keeps every email distinct once normalized, and apart between prefixes', () => {
    const emails = [...benchCrmContacts(5_000), ...benchCrmContacts(5_000, 'other')].map((contact) => normalizedEmail(contact.email));
    expect(new Set(emails).size).toBe(10_000);
  });

  it('gives the same contact for the same index', () => {
    expect(benchCrmContact(40)).toEqual(benchCrmContact(40));
  });
});
