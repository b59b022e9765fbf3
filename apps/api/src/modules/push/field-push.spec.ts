import type { CtctContact } from '../ctct/ctct-v3.types';
import { ctctName, fieldDrift, wantedFields } from './field-push';

const cc = (fields: Partial<CtctContact> = {}): CtctContact => ({
  contact_id: '6f1c0a4e-4b5e-4c2e-9a8f-0d1e2f3a4b5c',
  email_address: { address: 'ann@example.com', permission_to_send: 'implicit' },
  first_name: 'Ann',
  last_name: 'Lee',
  ...fields,
});

describe('field pushes: what is sent and when', () => {
  it('finds no drift when CC has the CRM values, whatever the case of the email', () => {
    const wanted = wantedFields({ email: ' Ann@Example.COM', first_name: 'Ann', last_name: 'Lee' }, cc());
    expect(fieldDrift(wanted, cc())).toEqual([]);
  });

  it('names each field CC has differently', () => {
    const wanted = wantedFields({ email: 'anna@example.com', first_name: 'Anna', last_name: null }, cc());
    expect(fieldDrift(wanted, cc())).toEqual(['email', 'first name', 'last name']);
  });

  it("cuts names to CC's 50 characters, counting characters rather than UTF-16 units, and sends an empty name as none", () => {
    expect(ctctName('é'.repeat(60))).toBe('é'.repeat(50));
    expect(ctctName('😀'.repeat(51))).toHaveLength(100); // 50 emoji, two UTF-16 units each
    expect(ctctName('')).toBeNull();
    const wanted = wantedFields(
      { email: 'ann@example.com', first_name: 'x'.repeat(80), last_name: '' },
      cc({ first_name: 'x'.repeat(50), last_name: undefined }),
    );
    expect(fieldDrift(wanted, cc({ first_name: 'x'.repeat(50), last_name: undefined }))).toEqual([]);
  });

  it("keeps CC's address when the CRM contact has no email, and sends an internationalised domain in ASCII", () => {
    expect(wantedFields({ email: null, first_name: 'Ann', last_name: 'Lee' }, cc()).address).toBe('ann@example.com');
    expect(wantedFields({ email: 'ann@bücher.de', first_name: null, last_name: null }, cc()).address).toBe('ann@xn--bcher-kva.de');
  });
});
