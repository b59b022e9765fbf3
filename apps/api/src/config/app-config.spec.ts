import { parseAppConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/crm',
  SESSION_SECRET: 'x'.repeat(32),
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('parseAppConfig', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = parseAppConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.DEMO_SEED).toBe(false);
  });

  it('names the missing variable when DATABASE_URL is absent', () => {
    expect(() => parseAppConfig({ ...valid, DATABASE_URL: undefined })).toThrow(/DATABASE_URL: is required/);
  });

  it('names a variable whose value is malformed', () => {
    expect(() => parseAppConfig({ ...valid, PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => parseAppConfig({ ...valid, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
  });

  it('refuses a token encryption key of the wrong size', () => {
    expect(() => parseAppConfig({ ...valid, TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /TOKEN_ENCRYPTION_KEY: must be base64 of exactly 32 bytes/,
    );
  });

  it('refuses an admin email without a password', () => {
    expect(() => parseAppConfig({ ...valid, ADMIN_EMAIL: 'admin@example.com' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('never echoes secret values in its error message', () => {
    const secret = 'short-secret-value';
    try {
      parseAppConfig({ ...valid, SESSION_SECRET: secret });
      throw new Error('expected a config error');
    } catch (error) {
      expect(String(error)).toContain('SESSION_SECRET');
      expect(String(error)).not.toContain(secret);
    }
  });

  it('reads PUBLIC_URL as origins and refuses what is not an http(s) URL', () => {
    expect(parseAppConfig({ ...valid, PUBLIC_URL: 'https://crm.example.com/admin' }).PUBLIC_URL).toBe('https://crm.example.com/admin');
    expect(() => parseAppConfig({ ...valid, PUBLIC_URL: 'crm.example.com' })).toThrow(/PUBLIC_URL: must be http\(s\) URLs/);
  });

  it('refuses previous keys and secrets of the wrong size, and sessions whose absolute end comes before the idle one', () => {
    expect(() => parseAppConfig({ ...valid, TOKEN_ENCRYPTION_KEY_PREVIOUS: 'c2hvcnQ=' })).toThrow(/TOKEN_ENCRYPTION_KEY_PREVIOUS/);
    expect(() => parseAppConfig({ ...valid, SESSION_SECRET_PREVIOUS: 'short' })).toThrow(/SESSION_SECRET_PREVIOUS/);
    const shortAbsolute = { ...valid, SESSION_IDLE_MINUTES: '90', SESSION_ABSOLUTE_MINUTES: '60' };
    expect(() => parseAppConfig(shortAbsolute)).toThrow(/SESSION_ABSOLUTE_MINUTES/);
  });
});
