import { isPlausibleEmail, normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('trims and lower-cases so that emails differing only in case and spaces match', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('treats a blank email as no email', () => {
    expect(normalizeEmail('   ')).toBeNull();
    expect(normalizeEmail(null)).toBeNull();
  });
});

describe('isPlausibleEmail', () => {
  it.each(['jane@example.com', 'o.brien+news@mail.example.co.uk'])('accepts %s', (email) => {
    expect(isPlausibleEmail(email)).toBe(true);
  });

  it.each(['jane@', 'jane.example.com', 'jane@example', 'ja ne@example.com', 'jane@@example.com', 'jane..doe@example.com'])(
    'rejects %s',
    (email) => {
      expect(isPlausibleEmail(email)).toBe(false);
    },
  );
});
