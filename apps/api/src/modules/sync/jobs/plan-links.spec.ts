import { emailKey, looseEmailKey } from '../../contacts/email-key';
import { CcCandidate, CrmCandidate, planLinks } from './plan-links';

const cc = (ctctId: string, address: string, overrides: Partial<CcCandidate> = {}): CcCandidate => ({
  ctctId,
  address,
  key: emailKey(address)!,
  looseKey: looseEmailKey(address)!,
  deleted: false,
  seen: true,
  goneNow: false,
  heldBy: null,
  ...overrides,
});

const crm = (crmId: string, email: string, overrides: Partial<CrmCandidate> = {}): CrmCandidate => ({
  crmId,
  email,
  key: emailKey(email)!,
  looseKey: looseEmailKey(email)!,
  linkedTo: null,
  linkedGone: false,
  ...overrides,
});

describe('planLinks', () => {
  it('links the one CRM contact with the same email key', () => {
    expect(planLinks([cc('cc-1', 'ada@example.com')], [crm('crm-1', '  Ada@Example.COM ')]).decisions).toEqual([
      { kind: 'link', crmId: 'crm-1', ctctId: 'cc-1', email: 'Ada@Example.COM' },
    ]);
  });

  it('does nothing for a contact already linked to that CC contact', () => {
    expect(
      planLinks([cc('cc-1', 'ada@example.com', { heldBy: 'crm-1' })], [crm('crm-1', 'ada@example.com', { linkedTo: 'cc-1' })]).decisions,
    ).toEqual([]);
  });

  it('needs review, not a guess, when two CRM contacts share the email: both named', () => {
    const { decisions } = planLinks([cc('cc-1', 'ada@example.com')], [crm('crm-1', 'ada@example.com'), crm('crm-2', 'ADA@example.com')]);
    expect(decisions.map((decision) => [decision.kind, decision.crmId])).toEqual([
      ['needs-review', 'crm-1'],
      ['needs-review', 'crm-2'],
    ]);
    expect(decisions[0]).toMatchObject({
      ctctId: 'cc-1',
      reason: expect.stringMatching(/^needs review: 2 CRM contacts share this email \(also ADA@example.com \(crm-2\)\)/),
    });
  });

  it('needs review when two live CC contacts share the key (NFC and NFD spellings are two CC contacts)', () => {
    const { decisions } = planLinks(
      [cc('cc-1', 'ren\u00e9@example.com'), cc('cc-2', 'rene\u0301@example.com')],
      [crm('crm-1', 'René@example.com')],
    );
    expect(decisions).toEqual([
      {
        kind: 'needs-review',
        crmId: 'crm-1',
        ctctId: 'cc-1',
        email: 'René@example.com',
        reason:
          'needs review: 2 Constant Contact contacts could be this contact: ' +
          'ren\u00e9@example.com (cc-1), rene\u0301@example.com (cc-2); none linked',
      },
    ]);
  });

  it('links nobody when the exact address exists beside one equal only by a folding CC may not make', () => {
    const { decisions } = planLinks(
      [cc('cc-1', 'irmak@example.com'), cc('cc-2', 'ırmak@example.com')],
      [crm('crm-1', 'irmak@example.com')],
    );
    expect(decisions).toEqual([expect.objectContaining({ kind: 'needs-review', crmId: 'crm-1', ctctId: 'cc-1' })]);
  });

  it('needs review for a match only by a non-ASCII case folding, naming both addresses', () => {
    const { decisions } = planLinks([cc('cc-1', 'émile@example.com')], [crm('crm-1', 'ÉMILE@example.com')]);
    expect(decisions).toEqual([
      expect.objectContaining({
        kind: 'needs-review',
        reason:
          "needs review: Constant Contact's émile@example.com (cc-1) matches the CRM's ÉMILE@example.com " +
          'only by a case folding Constant Contact may not make; not linked',
      }),
    ]);
  });

  it('links one CRM contact to one CC contact per run, whatever the spellings', () => {
    const { decisions } = planLinks(
      [cc('cc-1', 'a@example.com'), cc('cc-2', 'b@example.com')],
      [crm('crm-1', 'A@example.com'), crm('crm-2', 'b@EXAMPLE.com')],
    );
    const links = decisions.filter((decision) => decision.kind === 'link');
    expect(new Set(links.map((link) => link.crmId)).size).toBe(links.length);
    expect(new Set(links.map((link) => link.ctctId)).size).toBe(links.length);
    expect(links).toHaveLength(2);
  });

  it('leaves duplicates alone once one of them is linked to the only CC contact', () => {
    const { decisions } = planLinks(
      [cc('cc-1', 'ada@example.com', { heldBy: 'crm-1' })],
      [crm('crm-1', 'ada@example.com', { linkedTo: 'cc-1' }), crm('crm-2', 'ada@example.com')],
    );
    expect(decisions).toEqual([]);
  });

  it('reports a CRM contact already linked to a different live CC contact, and keeps that link', () => {
    expect(planLinks([cc('cc-1', 'ada@example.com')], [crm('crm-1', 'ada@example.com', { linkedTo: 'cc-9' })]).decisions).toEqual([
      { kind: 'linked-elsewhere', crmId: 'crm-1', ctctId: 'cc-1', email: 'ada@example.com', linkedTo: 'cc-9' },
    ]);
  });

  it('re-links a contact whose CC contact is gone to the live CC contact with its key', () => {
    const { decisions } = planLinks(
      [cc('cc-old', 'ada@example.com', { deleted: true, seen: false, goneNow: true, heldBy: 'crm-1' }), cc('cc-new', 'ada@example.com')],
      [crm('crm-1', 'ada@example.com', { linkedTo: 'cc-old', linkedGone: true })],
    );
    expect(decisions).toEqual([{ kind: 'relink', crmId: 'crm-1', ctctId: 'cc-new', fromCtctId: 'cc-old', email: 'ada@example.com' }]);
  });

  it('keeps and reports a link whose CC contact was deleted or is gone when no live one has its key', () => {
    const deleted = planLinks(
      [cc('cc-1', 'ada@example.com', { deleted: true, heldBy: 'crm-1' })],
      [crm('crm-1', 'ada@example.com', { linkedTo: 'cc-1', linkedGone: true })],
    );
    expect(deleted.decisions).toEqual([{ kind: 'link-kept', crmId: 'crm-1', ctctId: 'cc-1', email: 'ada@example.com', why: 'deleted' }]);
    const gone = planLinks([cc('cc-1', 'ada@example.com', { deleted: true, seen: false, goneNow: true, heldBy: 'crm-1' })], []);
    expect(gone.decisions).toEqual([{ kind: 'link-kept', crmId: 'crm-1', ctctId: 'cc-1', email: 'ada@example.com', why: 'gone' }]);
  });

  it('links nobody to a deleted CC contact, and counts it', () => {
    const plan = planLinks([cc('cc-1', 'ada@example.com', { deleted: true })], [crm('crm-1', 'ada@example.com')]);
    expect(plan).toEqual({ decisions: [], unmatched: 0, deletedUnlinked: 1 });
  });

  it('counts listed CC contacts no CRM contact could match', () => {
    expect(planLinks([cc('cc-1', 'ada@example.com'), cc('cc-2', 'bob@example.com', { seen: false })], []).unmatched).toBe(1);
  });

  it('never links across plus-tags', () => {
    expect(planLinks([cc('cc-1', 'bob@example.com')], [crm('crm-1', 'bob+crm@example.com')]).decisions).toEqual([]);
  });
});
