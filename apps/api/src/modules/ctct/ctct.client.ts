import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiLogWriter } from '../api-log/api-log.writer';
import { AccessToken, CtctConnectionService } from './ctct-connection.service';
import { CtctEndpoints } from './ctct-endpoints';
import { CtctApiError, CtctNeedsReconnectError, CtctQuotaExceededError } from './ctct-errors';
import { CTCT_ENDPOINTS } from './ctct-token.client';
import { RateBudgetService, sleep } from './rate-budget.service';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CtctRequest {
  /** The V3 operationId (getContacts, postListAddContact…): what the API log and the counters name. */
  operation: string;
  method: HttpMethod;
  /** A V3 path ('/contacts'), or a `_links.next.href` as CC returns it ('/v3/contacts?cursor=…'). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

// A storm of per-second 429s is waited out, but not forever.
const MAX_THROTTLED_RETRIES = 60;
const MAX_BACKOFF_MS = 30_000;

/**
 * The one way to call Constant Contact's V3 API. Every call: waits for the shared request budget, carries a
 * fresh token (refreshing it once if CC answers 401), retries 5xx / timeouts / dropped connections with
 * exponential backoff and jitter, waits out `throttled`, stops everything on `quota_exceeded`, never retries
 * other 4xx — and writes one API-log row per attempt.
 */
@Injectable()
export class CtctClient {
  constructor(
    private readonly connection: CtctConnectionService,
    private readonly budget: RateBudgetService,
    private readonly apiLog: ApiLogWriter,
    @Inject(CTCT_ENDPOINTS) private readonly endpoints: CtctEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request<T>(request: CtctRequest): Promise<T> {
    const url = this.urlFor(request);
    let attempt = 0;
    let failures = 0;
    let throttled = 0;
    let rejectedToken: AccessToken | undefined;
    let refreshedAfter401 = false;

    for (;;) {
      attempt += 1;
      // Budget first: the wait for a slot can be long, and the token must still be fresh when it is sent.
      await this.connection.assertConnected();
      await this.budget.acquire();
      const token = await this.connection.getAccessToken(rejectedToken);
      rejectedToken = undefined;
      const outcome = await this.send(request, url, token.token, attempt);

      if (outcome.kind === 'ok') return outcome.body as T;

      if (outcome.kind === 'network') {
        failures += 1;
        if (failures >= this.config.CTCT_MAX_ATTEMPTS) {
          throw new CtctApiError(request.operation, null, 'network', `${outcome.message} (after ${failures} attempts)`);
        }
        await sleep(this.backoffMs(failures));
        continue;
      }

      const { status, errorKey, errorMessage } = outcome;
      if (status === 401) {
        if (refreshedAfter401) {
          const reason = 'Constant Contact rejected a freshly refreshed token (revoked access?)';
          await this.connection.markNeedsReconnect(reason);
          throw new CtctNeedsReconnectError(reason);
        }
        refreshedAfter401 = true;
        rejectedToken = token;
        continue;
      }
      if (status === 429 && errorKey === 'quota_exceeded') {
        throw new CtctQuotaExceededError(await this.budget.markQuotaExhausted());
      }
      if (status === 429) {
        throttled += 1;
        if (throttled > MAX_THROTTLED_RETRIES) throw new CtctApiError(request.operation, status, errorKey, 'still throttled after many retries');
        await sleep(1000 + Math.random() * 500);
        continue;
      }
      if (status >= 500) {
        failures += 1;
        if (failures >= this.config.CTCT_MAX_ATTEMPTS) throw new CtctApiError(request.operation, status, errorKey, errorMessage);
        await sleep(this.backoffMs(failures));
        continue;
      }
      throw new CtctApiError(request.operation, status, errorKey, errorMessage);
    }
  }

  /** Follows `_links.next.href` from the first page to the last, yielding each page's body. */
  async *pages<T extends { _links?: { next?: { href?: string } } }>(first: CtctRequest): AsyncGenerator<T> {
    let next: CtctRequest | null = first;
    while (next) {
      const page: T = await this.request<T>(next);
      yield page;
      const href = page._links?.next?.href;
      next = href ? { operation: first.operation, method: 'GET', path: href } : null;
    }
  }

  // Full jitter (AWS): a random wait up to base·2^(n-1), capped.
  private backoffMs(failures: number): number {
    return Math.random() * Math.min(MAX_BACKOFF_MS, this.config.CTCT_RETRY_BASE_MS * 2 ** (failures - 1));
  }

  private urlFor(request: CtctRequest): URL {
    const base = new URL(this.endpoints.apiBaseUrl);
    // `_links.next.href` comes as an absolute path including /v3; our own paths are relative to the base.
    const url = request.path.startsWith(base.pathname + '/') ? new URL(request.path, base.origin) : new URL(base.pathname + request.path, base.origin);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send(request: CtctRequest, url: URL, token: string, attempt: number): Promise<SendOutcome> {
    const started = performance.now();
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const log = (fields: { status: number | null; errorKey?: string | null; errorMessage?: string | null; responseBody?: unknown; responseType?: string }) =>
      this.apiLog.record({
        system: 'CTCT',
        operation: request.operation,
        method: request.method,
        url,
        status: fields.status,
        durationMs: performance.now() - started,
        attempt,
        errorKey: fields.errorKey,
        errorMessage: fields.errorMessage,
        requestBody: body,
        requestContentType: 'application/json',
        responseBody: fields.responseBody,
        responseContentType: fields.responseType,
      });

    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body,
        signal: AbortSignal.timeout(this.config.CTCT_REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      const message = describeNetworkError(error);
      await log({ status: null, errorKey: 'network', errorMessage: message });
      return { kind: 'network', message };
    }

    const parsed = parseJson(text);
    const responseType = response.headers.get('content-type') ?? undefined;
    if (response.ok) {
      await log({ status: response.status, responseBody: text, responseType });
      return { kind: 'ok', body: parsed };
    }
    const { errorKey, errorMessage } = ctctError(parsed, response.status);
    await log({ status: response.status, errorKey, errorMessage, responseBody: text, responseType });
    return { kind: 'http-error', status: response.status, errorKey, errorMessage };
  }
}

type SendOutcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'network'; message: string }
  | { kind: 'http-error'; status: number; errorKey: string | null; errorMessage: string };

/** CC errors come as an array of {error_key, error_message} on most endpoints, a single object on others. */
export function ctctError(body: unknown, status: number): { errorKey: string | null; errorMessage: string } {
  const first = Array.isArray(body) ? body[0] : body;
  if (first && typeof first === 'object') {
    const { error_key, error_message } = first as { error_key?: string; error_message?: string };
    if (error_key || error_message) return { errorKey: error_key ?? null, errorMessage: error_message ?? `HTTP ${status}` };
  }
  return { errorKey: null, errorMessage: typeof body === 'string' && body ? body.slice(0, 500) : `HTTP ${status}` };
}

function describeNetworkError(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return 'request timed out';
  return err.cause?.code ?? err.cause?.message ?? err.message ?? 'network error';
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
