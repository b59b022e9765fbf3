import { EmailMatch, planLinks } from './plan-links';

const match = (overrides: Partial<EmailMatch>): EmailMatch => ({
  ctctId: 'cc-1',
  ctctDeleted: false,
  email: 'ada@example.com',
  crmId: 'crm-1',
  crmLinkedTo: null,
  ...overrides,
});

describe('planLinks', () => {
  it('links the one CRM contact with the same email', () => {
    expect(planLinks([match({})])).toEqual([{ kind: 'link', crmId: 'crm-1', ctctId: 'cc-1', email: 'ada@example.com' }]);
  });

  it('does nothing for a contact already linked to that CC contact', () => {
    expect(planLinks([match({ crmLinkedTo: 'cc-1' })])).toEqual([]);
  });

  it('reports, and does not guess, when two CRM contacts share the email', () => {
    expect(planLinks([match({ crmId: 'crm-1' }), match({ crmId: 'crm-2' })])).toEqual([
      { kind: 'ambiguous', crmIds: ['crm-1', 'crm-2'], ctctId: 'cc-1', email: 'ada@example.com' },
    ]);
  });

  it('leaves duplicates alone once one of them is linked to the CC contact', () => {
    expect(planLinks([match({ crmId: 'crm-1', crmLinkedTo: 'cc-1' }), match({ crmId: 'crm-2' })])).toEqual([]);
  });

  it('reports a CRM contact already linked to a different CC contact', () => {
    expect(planLinks([match({ crmLinkedTo: 'cc-9' })])).toEqual([
      { kind: 'linked-elsewhere', crmId: 'crm-1', ctctId: 'cc-1', email: 'ada@example.com', linkedTo: 'cc-9' },
    ]);
  });

  it('reports a CC contact deleted after linking, and links nobody to a deleted CC contact', () => {
    expect(planLinks([match({ ctctDeleted: true, crmLinkedTo: 'cc-1' })])).toEqual([
      { kind: 'deleted-after-link', crmId: 'crm-1', ctctId: 'cc-1', email: 'ada@example.com' },
    ]);
    expect(planLinks([match({ ctctDeleted: true })])).toEqual([]);
  });
});
