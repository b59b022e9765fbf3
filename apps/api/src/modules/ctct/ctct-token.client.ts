import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiLogWriter } from '../api-log/api-log.writer';
import { CtctEndpoints } from './ctct-endpoints';

export const CTCT_ENDPOINTS = Symbol('CTCT_ENDPOINTS');

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
  scopes: string[];
}

/** The authorization server said no (RFC 6749 error): `invalid_grant` means the refresh token is gone for good. */
export class OAuthTokenError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly httpStatus: number | null,
  ) {
    super(`${error}: ${description}`);
  }
}

/**
 * Talks to CC's authorization server (token and revoke endpoints). Confidential client: HTTP Basic with
 * client_id:client_secret, as CC documents. Every call is logged (redacted) like any other external call.
 */
@Injectable()
export class CtctTokenClient {
  constructor(
    @Inject(CTCT_ENDPOINTS) private readonly endpoints: CtctEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiLog: ApiLogWriter,
  ) {}

  exchangeCode(code: string, codeVerifier: string | null, redirectUri: string): Promise<TokenSet> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    return this.tokenRequest('oauth.token.authorization_code', form);
  }

  refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest('oauth.token.refresh_token', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Best effort: a token CC no longer knows is as good as revoked. */
  async revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    await this.post('oauth.revoke', this.endpoints.revokeUrl, { token, token_type_hint: hint }).catch(() => undefined);
  }

  private async tokenRequest(operation: string, form: Record<string, string>): Promise<TokenSet> {
    const { status, body } = await this.post(operation, this.endpoints.tokenUrl, form);
    if (status !== 200 || typeof body !== 'object' || !body || typeof (body as { access_token?: unknown }).access_token !== 'string') {
      const error = body as { error?: string; error_description?: string } | null;
      throw new OAuthTokenError(error?.error ?? 'invalid_response', error?.error_description ?? `token endpoint answered ${status}`, status);
    }
    return toTokenSet(body as RawTokenResponse);
  }

  private async post(operation: string, endpoint: string, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const url = new URL(endpoint);
    const payload = new URLSearchParams(form);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (this.endpoints.clientSecret) {
      headers.Authorization = `Basic ${Buffer.from(`${this.endpoints.clientId}:${this.endpoints.clientSecret}`).toString('base64')}`;
    } else if (this.endpoints.clientId) {
      payload.set('client_id', this.endpoints.clientId);
    }
    const started = performance.now();
    let status: number | null = null;
    let text = '';
    try {
      const response = await fetch(url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(this.config.CTCT_REQUEST_TIMEOUT_MS) });
      status = response.status;
      text = await response.text();
      const body = parseJson(text);
      await this.apiLog.record({
        system: 'CTCT',
        operation,
        method: 'POST',
        url,
        status,
        durationMs: performance.now() - started,
        attempt: 1,
        errorKey: status >= 400 ? ((body as { error?: string })?.error ?? null) : null,
        errorMessage: status >= 400 ? ((body as { error_description?: string })?.error_description ?? null) : null,
        requestBody: payload.toString(),
        requestContentType: headers['Content-Type'],
        responseBody: text,
        responseContentType: response.headers.get('content-type') ?? undefined,
      });
      return { status, body };
    } catch (error) {
      if (status === null) {
        await this.apiLog.record({
          system: 'CTCT', operation, method: 'POST', url, status: null, durationMs: performance.now() - started, attempt: 1,
          errorKey: 'network', errorMessage: (error as Error).message, requestBody: payload.toString(), requestContentType: headers['Content-Type'],
        });
        throw new OAuthTokenError('temporarily_unavailable', `token endpoint unreachable: ${(error as Error).message}`, null);
      }
      throw error;
    }
  }
}

interface RawTokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number | string;
  scope?: string;
}

/** Expiry from the JWT's own `exp` when present (CC says to decode it), else from expires_in. */
export function toTokenSet(raw: RawTokenResponse, now = Date.now()): TokenSet {
  const claims = decodeJwtClaims(raw.access_token);
  const expiresAt = claims?.exp ? new Date(claims.exp * 1000) : new Date(now + Number(raw.expires_in ?? 86_400) * 1000);
  const scopes = raw.scope ? raw.scope.split(/\s+/).filter(Boolean) : Array.isArray(claims?.scp) ? claims.scp : [];
  return { accessToken: raw.access_token, refreshToken: raw.refresh_token ?? null, expiresAt, scopes };
}

export function decodeJwtClaims(token: string): { exp?: number; scp?: string[] } | null {
  const [, payload] = token.split('.');
  if (!payload) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}
