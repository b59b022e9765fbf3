import { Inject, Injectable } from '@nestjs/common';
import { currentCorrelation } from '../../common/correlation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiLogWriter } from '../api-log/api-log.writer';
import { laneOf } from './budget-lanes';
import { CtctEndpoints } from './ctct-endpoints';
import { CallOutcome, classifyTokenResponse, describeStep, FIRST_ATTEMPT, nextStep, RetryOptions } from './ctct-retry-policy';
import { RateBudgetService, sleep } from './rate-budget.service';

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

/** A token request refused by the token endpoint's own limit (429) many times over: try again later. */
const MAX_TOKEN_THROTTLED_RETRIES = 10;

/**
 * Talks to CC's authorization server (token and revoke endpoints). Confidential client: HTTP Basic with
 * client_id:client_secret, as CC documents. Every call is logged (redacted) like any other external call.
 * The token endpoint admits one request a second per application: each request books its moment in the shared
 * budget first, and a 429 (or a 5xx, or no answer) is waited out and retried — a 429 says nothing about the
 * grant, so it never puts the connection in "needs reconnect".
 */
@Injectable()
export class CtctTokenClient {
  private readonly retry: RetryOptions;

  constructor(
    @Inject(CTCT_ENDPOINTS) private readonly endpoints: CtctEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiLog: ApiLogWriter,
    private readonly budget: RateBudgetService,
  ) {
    this.retry = {
      maxAttempts: config.CTCT_MAX_ATTEMPTS,
      baseMs: config.CTCT_RETRY_BASE_MS,
      maxThrottledRetries: MAX_TOKEN_THROTTLED_RETRIES,
    };
  }

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
    const answer = await this.post('oauth.revoke', this.endpoints.revokeUrl, { token, token_type_hint: hint });
    await answer.log(null);
  }

  private async tokenRequest(operation: string, form: Record<string, string>): Promise<TokenSet> {
    let state = FIRST_ATTEMPT;
    for (;;) {
      await this.budget.acquireTokenSlot();
      const answer = await this.post(operation, this.endpoints.tokenUrl, form, state.attempt);
      const outcome: CallOutcome =
        answer.status === null ? { kind: 'dropped', detail: answer.networkError! } : classifyTokenResponse(answer.status);
      const step = nextStep(outcome, state, this.retry);
      await answer.log(describeStep(step));
      if (step.action === 'retry') {
        await sleep(step.waitMs);
        state = step.next;
        continue;
      }
      const { status, body } = answer;
      if (status === null) throw new OAuthTokenError('temporarily_unavailable', `token endpoint unreachable: ${answer.networkError}`, null);
      if (status === 429) throw new OAuthTokenError('temporarily_unavailable', 'the token endpoint kept answering 429 (rate limited)', 429);
      if (status !== 200 || typeof body !== 'object' || !body || typeof (body as { access_token?: unknown }).access_token !== 'string') {
        const error = body as { error?: string; error_description?: string } | null;
        const description = error?.error_description ?? `token endpoint answered ${status}`;
        throw new OAuthTokenError(error?.error ?? 'invalid_response', description, status);
      }
      return toTokenSet(body as RawTokenResponse);
    }
  }

  /** Sends one form POST; the API-log row is written by `log` once the caller knows what it does next. */
  private async post(operation: string, endpoint: string, form: Record<string, string>, attempt = 1): Promise<PostAnswer> {
    const url = new URL(endpoint);
    const payload = new URLSearchParams(form);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (this.endpoints.clientSecret) {
      headers.Authorization = `Basic ${Buffer.from(`${this.endpoints.clientId}:${this.endpoints.clientSecret}`).toString('base64')}`;
    } else if (this.endpoints.clientId) {
      payload.set('client_id', this.endpoints.clientId);
    }
    const started = performance.now();
    const lane = laneOf(currentCorrelation());
    const requestBody = payload.toString();
    const requestContentType = headers['Content-Type'];
    const base = { system: 'CTCT' as const, operation, method: 'POST', url, attempt, lane, requestBody, requestContentType };
    try {
      const signal = AbortSignal.timeout(this.config.CTCT_REQUEST_TIMEOUT_MS);
      const response = await fetch(url, { method: 'POST', headers, body: payload, signal });
      const status = response.status;
      const text = await response.text();
      const body = parseJson(text);
      const refusal = body as { error?: string; error_description?: string; errorCode?: string; errorSummary?: string } | null;
      const durationMs = performance.now() - started;
      const log = (decision: string | null) =>
        this.apiLog.record({
          ...base,
          status,
          durationMs,
          decision,
          // OAuth errors ({error, error_description}), or the authorization server's own (Okta: {errorCode, errorSummary}).
          errorKey: status >= 400 ? (refusal?.error ?? refusal?.errorCode ?? null) : null,
          errorMessage: status >= 400 ? (refusal?.error_description ?? refusal?.errorSummary ?? null) : null,
          responseBody: text,
          responseContentType: response.headers.get('content-type') ?? undefined,
        });
      return { status, body, networkError: null, log };
    } catch (error) {
      const durationMs = performance.now() - started;
      const message = (error as Error).message;
      const log = (decision: string | null) =>
        this.apiLog.record({ ...base, status: null, durationMs, decision, errorKey: 'network', errorMessage: message });
      return { status: null, body: null, networkError: message, log };
    }
  }
}

/** One answer of the authorization server (status null: none came). */
interface PostAnswer {
  status: number | null;
  body: unknown;
  networkError: string | null;
  log(decision: string | null): Promise<void>;
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
