import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims CC's access tokens carry that the integration reads (cid, scp, exp) plus the usual ones. */
export interface AccessTokenClaims {
  ver: 1;
  jti: string;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  cid: string;
  uid: string;
  scp: string[];
  sub: string;
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export function signJwt(claims: AccessTokenClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'ctct-sandbox' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Returns the claims when the signature is ours; expiry and revocation are the caller's business. */
export function verifyJwtSignature(token: string, secret: string): AccessTokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AccessTokenClaims;
  } catch {
    return null;
  }
}
