import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SandboxClock } from '../clock';
import { AccessTokenClaims, signJwt, verifyJwtSignature } from './jwt';
import { KNOWN_SCOPES, SANDBOX_USER, SandboxClient } from './clients';

export interface TokenResponse {
  token_type: 'Bearer';
  access_token: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/** RFC 6749 §5.2 error, rendered as `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

interface RefreshTokenRecord {
  clientId: string;
  scopes: string[];
  userId: string;
  lastUsedAt: number;
}

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
}

/** State the token service keeps, so a snapshot can carry live connections across restarts. */
export interface TokenState {
  secret: string;
  accessJtis: string[];
  refreshTokens: [string, RefreshTokenRecord][];
}

const CODE_TTL_MS = 5 * 60_000;
/** Either kind of CC refresh token dies after 180 days without use (facts §2). */
const REFRESH_IDLE_LIMIT_MS = 180 * 86_400_000;
const INVALID_REFRESH = 'unknown, invalid, or expired refresh token';

/**
 * The sandbox's authorization server: codes, JWT access tokens, rotating or long-lived refresh tokens,
 * revocation. Expiry is judged on the sandbox clock so tests can fast-forward past it.
 */
export class TokenService {
  private secret = randomBytes(32).toString('hex');
  private readonly clients = new Map<string, SandboxClient>();
  /** Access tokens are valid only while their jti is here: revocation is removing it. */
  private readonly activeAccessJtis = new Set<string>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly clock: SandboxClock,
    private accessTokenTtlSeconds: number,
    clients: SandboxClient[],
  ) {
    for (const client of clients) this.registerClient(client);
  }

  registerClient(client: SandboxClient): void {
    this.clients.set(client.clientId, { refreshTokenType: 'rotating', ...client });
  }

  getClient(clientId: string): SandboxClient | undefined {
    return this.clients.get(clientId);
  }

  listClients(): SandboxClient[] {
    return [...this.clients.values()];
  }

  setAccessTokenTtlSeconds(seconds: number): void {
    this.accessTokenTtlSeconds = seconds;
  }

  /** Space-separated scope string → list; throws invalid_scope for scopes CC does not know. */
  parseScopes(scope: string | undefined): string[] {
    const scopes = (scope ?? '').split(/[\s+]+/).filter(Boolean);
    const unknown = scopes.filter((s) => !(KNOWN_SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw new OAuthError('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
    if (!scopes.length) throw new OAuthError('invalid_scope', 'The scope parameter is required.');
    return [...new Set(scopes)];
  }

  issueTokens(clientId: string, scopes: string[], userId: string = SANDBOX_USER.userId): TokenResponse {
    if (!this.clients.has(clientId)) throw new OAuthError('invalid_client', `Unknown client: ${clientId}`, 401);
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const claims: AccessTokenClaims = {
      ver: 1,
      jti: `AT.${randomUUID()}`,
      iss: 'https://identity.constantcontact.com/oauth2/aus1lm3ry9mF7x2Ja0h8',
      aud: 'https://api.cc.email/v3',
      iat: nowSeconds,
      exp: nowSeconds + this.accessTokenTtlSeconds,
      cid: clientId,
      uid: userId,
      scp: scopes,
      sub: SANDBOX_USER.email,
    };
    this.activeAccessJtis.add(claims.jti);
    const response: TokenResponse = {
      token_type: 'Bearer',
      access_token: signJwt(claims, this.secret),
      expires_in: this.accessTokenTtlSeconds,
      scope: scopes.join(' '),
    };
    if (scopes.includes('offline_access')) response.refresh_token = this.newRefreshToken(clientId, scopes, userId);
    return response;
  }

  /** The claims of a live access token, or null when it is malformed, foreign, expired or revoked. */
  verifyAccessToken(token: string): AccessTokenClaims | null {
    const claims = verifyJwtSignature(token, this.secret);
    if (!claims || !this.activeAccessJtis.has(claims.jti)) return null;
    if (claims.exp * 1000 <= this.clock.now()) return null;
    return claims;
  }

  createAuthorizationCode(input: Omit<AuthorizationCode, 'expiresAt' | 'used'>): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...input, expiresAt: this.clock.now() + CODE_TTL_MS, used: false });
    return code;
  }

  exchangeCode(client: SandboxClient, code: string, redirectUri: string | undefined, codeVerifier?: string): TokenResponse {
    const grant = this.codes.get(code);
    if (!grant || grant.clientId !== client.clientId) {
      throw new OAuthError('invalid_grant', 'The authorization code is invalid or has expired.');
    }
    if (grant.used) throw new OAuthError('invalid_grant', 'The authorization code has already been used.');
    if (grant.expiresAt <= this.clock.now()) {
      throw new OAuthError('invalid_grant', 'The authorization code is invalid or has expired.');
    }
    if (redirectUri !== grant.redirectUri) {
      throw new OAuthError('invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
    }
    if (grant.codeChallenge) {
      if (!codeVerifier) throw new OAuthError('invalid_request', 'PKCE verification failed: code_verifier is required.');
      const computed = createHash('sha256').update(codeVerifier).digest('base64url');
      if (computed !== grant.codeChallenge) throw new OAuthError('invalid_grant', 'PKCE verification failed.');
    } else if (!client.clientSecret) {
      throw new OAuthError('invalid_grant', 'PKCE verification failed: the authorization request had no code_challenge.');
    }
    grant.used = true;
    return this.issueTokens(client.clientId, grant.scopes);
  }

  refresh(client: SandboxClient, refreshToken: string | undefined): TokenResponse {
    const record = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!refreshToken || !record || record.clientId !== client.clientId) {
      throw new OAuthError('invalid_grant', INVALID_REFRESH);
    }
    const now = this.clock.now();
    if (now - record.lastUsedAt > REFRESH_IDLE_LIMIT_MS) {
      this.refreshTokens.delete(refreshToken);
      throw new OAuthError('invalid_grant', INVALID_REFRESH);
    }
    const response = this.issueTokens(client.clientId, record.scopes, record.userId);
    // issueTokens minted a fresh refresh token; long-lived clients keep (and get back) the old one.
    if (client.refreshTokenType === 'long_lived') {
      this.refreshTokens.delete(response.refresh_token!);
      record.lastUsedAt = now;
      response.refresh_token = refreshToken;
    } else {
      this.refreshTokens.delete(refreshToken);
    }
    return response;
  }

  /** RFC 7009: unknown tokens are not an error. */
  revoke(token: string): void {
    if (this.refreshTokens.delete(token)) return;
    const claims = verifyJwtSignature(token, this.secret);
    if (claims) this.activeAccessJtis.delete(claims.jti);
  }

  revokeAll(): void {
    this.activeAccessJtis.clear();
    this.refreshTokens.clear();
  }

  exportState(): TokenState {
    return { secret: this.secret, accessJtis: [...this.activeAccessJtis], refreshTokens: [...this.refreshTokens] };
  }

  importState(state: TokenState): void {
    this.secret = state.secret;
    this.activeAccessJtis.clear();
    for (const jti of state.accessJtis) this.activeAccessJtis.add(jti);
    this.refreshTokens.clear();
    for (const [token, record] of state.refreshTokens) this.refreshTokens.set(token, record);
  }

  private newRefreshToken(clientId: string, scopes: string[], userId: string): string {
    const token = randomBytes(32).toString('base64url');
    this.refreshTokens.set(token, { clientId, scopes, userId, lastUsedAt: this.clock.now() });
    return token;
  }
}
