import { crmDemoEmails, generateCrmDemoContacts } from './crm-demo-contacts';

describe('CRM demo contacts', () => {
  const contacts = generateCrmDemoContacts();

  it('is the same data on every run (fixed seed)', () => {
    expect(generateCrmDemoContacts().slice(0, 50)).toEqual(contacts.slice(0, 50));
  });

  it('has 2,000 contacts of every type', () => {
    expect(contacts).toHaveLength(2000);
    expect(new Set(contacts.map((contact) => contact.type))).toEqual(new Set(['customer', 'supplier', 'lead', 'other']));
  });

  it('looks like real CRM data: missing, malformed, duplicate and untidy emails', () => {
    const withoutEmail = contacts.filter((contact) => contact.email === null).length;
    expect(withoutEmail / contacts.length).toBeGreaterThan(0.02);
    expect(withoutEmail / contacts.length).toBeLessThan(0.04);
    expect(contacts.some((contact) => contact.email && !/^[^\s@]+@[^\s@]+\.[a-z]+$/i.test(contact.email.trim()))).toBe(true);
    const normalized = contacts.map((contact) => contact.email?.trim().toLowerCase()).filter(Boolean);
    expect(new Set(normalized).size).toBeLessThan(normalized.length);
    expect(contacts.some((contact) => contact.email && contact.email !== contact.email.trim())).toBe(true);
    expect(contacts.some((contact) => contact.email && /[A-Z]/.test(contact.email))).toBe(true);
  });

  it('lists normalized, well-formed, distinct emails for the sandbox scenario', () => {
    const emails = crmDemoEmails();
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((email) => email === email.trim().toLowerCase())).toBe(true);
  });
});
