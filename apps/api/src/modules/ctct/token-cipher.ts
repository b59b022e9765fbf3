import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for OAuth tokens at rest. Layout: version (1 byte) | iv (12) | auth tag (16) | ciphertext.
 * GCM authenticates, so a tampered or wrongly keyed value fails loudly instead of decrypting to garbage —
 * which is also how a key rotation works: new values are sealed under the current key, and a value that the
 * current key does not open is tried with the previous keys (TOKEN_ENCRYPTION_KEY_PREVIOUS).
 */
export class TokenCipher {
  private readonly key: Buffer;
  private readonly previousKeys: Buffer[];

  constructor(base64Key: string, previousBase64Keys: readonly string[] = []) {
    this.key = Buffer.from(base64Key, 'base64');
    this.previousKeys = previousBase64Keys.map((key) => Buffer.from(key, 'base64'));
    if ([this.key, ...this.previousKeys].some((key) => key.length !== 32)) throw new Error('TokenCipher needs 32-byte keys');
  }

  encrypt(plaintext: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
  }

  decrypt(sealed: Buffer): string {
    for (const key of [this.key, ...this.previousKeys]) {
      const plaintext = this.open(sealed, key);
      if (plaintext !== null) return plaintext;
    }
    throw new Error('The stored value cannot be decrypted with TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_KEY_PREVIOUS');
  }

  /** True when the value was sealed under the current key (false: a previous key, or none). */
  isUnderCurrentKey(sealed: Buffer): boolean {
    return this.open(sealed, this.key) !== null;
  }

  private open(sealed: Buffer, key: Buffer): string | null {
    if (sealed[0] !== VERSION) throw new Error('Unknown token encryption version');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
