import { ctctAddressOf, ctctLookupEmail, ctctRefusalOf } from './ctct-email';

const address = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`;

describe('ctctLookupEmail', () => {
  it('sends the trimmed, lower-cased address, as CC stores it', () => {
    expect(ctctLookupEmail('  Jane.Doe@Example.COM\t')).toBe('jane.doe@example.com');
  });

  it('sends an internationalised domain in its ASCII form and NFC text', () => {
    expect(ctctLookupEmail('ANN@Bücher.de')).toBe('ann@xn--bcher-kva.de');
    expect(ctctLookupEmail('JOSE\u0301@example.com')).toBe('jos\u00e9@example.com');
  });
});

describe('ctctAddressOf', () => {
  it('keeps the local part as typed, trims, and gives the domain in its ASCII form', () => {
    expect(ctctAddressOf(' Ann.Lee@BÜCHER.de ')).toBe('Ann.Lee@xn--bcher-kva.de');
    expect(ctctAddressOf('  ')).toBeNull();
  });
});

describe('ctctRefusalOf', () => {
  it('accepts an import address of 50 characters and refuses one of 51, saying why', () => {
    expect(ctctRefusalOf(address(50), 'import')).toBeNull();
    expect(ctctRefusalOf(address(51), 'import')).toBe('Constant Contact accepts at most 50 characters in an import; this address has 51');
  });

  it('allows 80 characters on a contact (POST/PUT /contacts)', () => {
    expect(ctctRefusalOf(address(80), 'contact')).toBeNull();
    expect(ctctRefusalOf(address(81), 'contact')).toMatch(/at most 80 characters/);
  });

  it('measures what is sent: surrounding spaces do not count, the ASCII form of a domain does', () => {
    expect(ctctRefusalOf(`   ${address(50)}   `, 'import')).toBeNull();
    const idn = `${'a'.repeat(40)}@bücher.de`; // 50 as typed, 57 as sent (xn--bcher-kva.de)
    expect(ctctRefusalOf(idn, 'import')).toMatch(/this address has 57/);
  });

  it.each(['no-at-sign.example', 'a b@example.com', 'ann@example', 'ann@exam_ple.com', 'ann..lee@example.com', ''])(
    'refuses %j',
    (email) => {
      expect(ctctRefusalOf(email)).not.toBeNull();
    },
  );

  it('takes an internationalised domain, sent in its ASCII form', () => {
    expect(ctctRefusalOf('ann@bücher.de')).toBeNull();
  });
});
