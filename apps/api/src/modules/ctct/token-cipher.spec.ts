import { randomBytes } from 'node:crypto';
import { TokenCipher } from './token-cipher';

describe('TokenCipher', () => {
  const cipher = new TokenCipher(randomBytes(32).toString('base64'));

  it('round-trips a token and never stores it in clear', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.payload.signature';
    const sealed = cipher.encrypt(token);
    expect(sealed.toString('utf8')).not.toContain(token);
    expect(sealed.toString('base64')).not.toContain(Buffer.from(token).toString('base64'));
    expect(cipher.decrypt(sealed)).toBe(token);
  });

  it('encrypts the same token differently each time', () => {
    expect(cipher.encrypt('same').equals(cipher.encrypt('same'))).toBe(false);
  });

  it('refuses a tampered value', () => {
    const sealed = cipher.encrypt('secret-token');
    sealed[sealed.length - 1] ^= 0xff;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('refuses a value sealed under another key', () => {
    const other = new TokenCipher(randomBytes(32).toString('base64'));
    expect(() => other.decrypt(cipher.encrypt('secret-token'))).toThrow();
  });

  it('opens values sealed under a previous key during a rotation, and seals new ones under the current key', () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const sealedBefore = new TokenCipher(oldKey).encrypt('refresh-token');
    const rotated = new TokenCipher(newKey, [oldKey]);
    expect(rotated.decrypt(sealedBefore)).toBe('refresh-token');
    expect(rotated.isUnderCurrentKey(sealedBefore)).toBe(false);
    const resealed = rotated.encrypt('refresh-token');
    expect(new TokenCipher(newKey).decrypt(resealed)).toBe('refresh-token');
  });
});
