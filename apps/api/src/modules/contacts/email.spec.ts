import { isPlausibleEmail, normalizeEmail } from './email';

describe('normalizeEmail (the email key under its old name)', () => {
  it('trims and lower-cases so that emails differing only in case and spaces match', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('treats a blank email as no email', () => {
    expect(normalizeEmail('   ')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});

describe('isPlausibleEmail', () => {
  it.each([
    'jane@example.com',
    'o.brien+news@mail.example.co.uk',
    'ann@bücher.de',
    'ann@xn--bcher-kva.de',
    'li@例子.广告',
    'jose\u0301@example.com',
  ])('accepts %s', (email) => {
    expect(isPlausibleEmail(email)).toBe(true);
  });

  it.each([
    'jane@',
    'jane.example.com',
    'jane@example',
    'ja ne@example.com',
    'jane@@example.com',
    'jane..doe@example.com',
    // Domains IDNA (UTS-46) refuses: a zero-width joiner, mixed-script digits.
    'ann@a\u200db.com',
    'ann@\u0661\u06f1.com',
  ])('rejects %s', (email) => {
    expect(isPlausibleEmail(email)).toBe(false);
  });
});
