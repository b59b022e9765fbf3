import { Inject, Injectable } from '@nestjs/common';
import { currentCorrelation } from '../../common/correlation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiLogWriter } from '../api-log/api-log.writer';
import { BudgetLane, laneOf } from './budget-lanes';
import { AccessToken, CtctConnectionService } from './ctct-connection.service';
import { CtctEndpoints } from './ctct-endpoints';
import { CtctApiError, CtctNeedsReconnectError, CtctQuotaExceededError } from './ctct-errors';
import { CTCT_OPERATIONS, HttpMethod, operationPath } from './ctct-operations';
import { CallOutcome, classifyResponse, describeStep, FIRST_ATTEMPT, nextStep, RetryOptions, RetryStep } from './ctct-retry-policy';
import { CTCT_ENDPOINTS } from './ctct-token.client';
import type { CtctCallArgs, CtctOperationName, CtctPageLinks, CtctResponse } from './ctct-v3.types';
import { RateBudgetService, sleep } from './rate-budget.service';

export type { HttpMethod } from './ctct-operations';

/** One resolved request: what `call` builds from an operation name, and what the bench's timer sees. */
export interface CtctRequest {
  /** The V3 operationId (getContacts, postListAddContact…): what the API log and the counters name. */
  operation: CtctOperationName;
  method: HttpMethod;
  /** A V3 path ('/contacts'), or a `_links.next.href` as CC returns it ('/v3/contacts?cursor=…'). */
  path: string;
  query?: object;
  body?: unknown;
}

/** Arguments are optional only for operations that take none. */
type ArgsOf<K extends CtctOperationName> = object extends CtctCallArgs<K> ? [args?: CtctCallArgs<K>] : [args: CtctCallArgs<K>];

/**
 * The one way to call Constant Contact's V3 API. Every call: waits for the shared request budget, carries a
 * fresh token, sends, writes one API-log row per attempt with the retry decision taken on it, and does what
 * the retry policy (`ctct-retry-policy.ts`) says: done, retry, refresh the token and retry, stop, or fail.
 */
@Injectable()
export class CtctClient {
  private readonly retry: RetryOptions;

  constructor(
    private readonly connection: CtctConnectionService,
    private readonly budget: RateBudgetService,
    private readonly apiLog: ApiLogWriter,
    @Inject(CTCT_ENDPOINTS) private readonly endpoints: CtctEndpoints,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.retry = { maxAttempts: config.CTCT_MAX_ATTEMPTS, baseMs: config.CTCT_RETRY_BASE_MS };
  }

  /** Calls a V3 operation by name, e.g. `call('getContact', { params: { contact_id }, query: { include: 'list_memberships' } })`. */
  call<K extends CtctOperationName>(operation: K, ...[args]: ArgsOf<K>): Promise<CtctResponse<K>> {
    return this.request<CtctResponse<K>>(this.resolve(operation, args));
  }

  /** Follows `_links.next.href` from the first page to the last, yielding each page's body. */
  async *pages<K extends CtctOperationName>(operation: K, ...[args]: ArgsOf<K>): AsyncGenerator<CtctResponse<K>> {
    let next: CtctRequest | null = this.resolve(operation, args);
    while (next) {
      const page: CtctResponse<K> = await this.request(next);
      yield page;
      const href = (page as CtctPageLinks)._links?.next?.href;
      next = href ? { operation, method: 'GET', path: href } : null;
    }
  }

  // The typed signatures above guarantee the shapes; here they are just carried into a request.
  private resolve(operation: CtctOperationName, args: { params?: unknown; query?: unknown; body?: unknown; href?: string | null } = {}) {
    const path = args.href ?? operationPath(operation, args.params as Record<string, string> | undefined);
    const { method } = CTCT_OPERATIONS[operation];
    const request: CtctRequest = { operation, method, path, query: args.query as object | undefined, body: args.body };
    return request;
  }

  private async request<T>(request: CtctRequest): Promise<T> {
    const url = this.urlFor(request);
    let state = FIRST_ATTEMPT;
    let rejectedToken: AccessToken | undefined;
    const lane = laneOf(currentCorrelation());
    for (;;) {
      // A run that was cancelled stops here, between two calls.
      await currentCorrelation().beforeCall?.();
      // Budget first: the wait for a slot can be long, and the token must still be fresh when it is sent.
      await this.connection.assertConnected();
      await this.budget.acquire(lane);
      const token = await this.connection.getAccessToken(rejectedToken);
      const sent = await this.send(request, url, token.token, state.attempt, lane);
      // The policy reads CC's clock after this answer's Date header was taken in (a quota_exceeded near midnight).
      const step = nextStep(sent.outcome, state, { ...this.retry, ccClock: this.budget.ccClock() });
      await sent.log(describeStep(step));
      switch (step.action) {
        case 'done':
          return sent.body as T;
        case 'retry':
          await sleep(step.waitMs);
          break;
        case 'stop-until':
          throw new CtctQuotaExceededError(await this.budget.markQuotaExhausted(Date.now() + step.waitMs));
        case 'needs-reconnect':
          await this.connection.markNeedsReconnect(step.reason);
          throw new CtctNeedsReconnectError(step.reason);
        case 'fail':
          throw failure(request, sent, step);
      }
      rejectedToken = step.action === 'refresh-and-retry' ? token : undefined;
      state = step.next;
    }
  }

  private urlFor(request: CtctRequest): URL {
    const base = new URL(this.endpoints.apiBaseUrl);
    // `_links.next.href` comes as an absolute path including /v3; our own paths are relative to the base.
    const url = request.path.startsWith(base.pathname + '/')
      ? new URL(request.path, base.origin)
      : new URL(base.pathname + request.path, base.origin);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Sends one attempt; the API-log row is written by `log` once the retry decision on it is known. */
  private async send(request: CtctRequest, url: URL, token: string, attempt: number, lane: BudgetLane): Promise<Sent> {
    const started = performance.now();
    const sentAt = Date.now();
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const answered = (fields: Omit<Sent, 'log'>): Sent => {
      const durationMs = performance.now() - started;
      const log = (decision: string) =>
        this.apiLog.record({
          system: 'CTCT',
          operation: request.operation,
          method: request.method,
          url,
          status: fields.status,
          durationMs,
          attempt,
          decision,
          lane,
          errorKey: fields.errorKey,
          errorMessage: fields.errorMessage,
          requestBody: body,
          requestContentType: 'application/json',
          responseBody: fields.responseText,
          responseContentType: fields.responseType,
        });
      return { ...fields, log };
    };

    let response: Response;
    let text: string;
    let headersAt = 0;
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
      headersAt = Date.now();
      text = await response.text();
    } catch (error) {
      const timedOut = (error as { name?: string }).name === 'TimeoutError';
      const message = describeNetworkError(error);
      const outcome: CallOutcome = timedOut ? { kind: 'timeout' } : { kind: 'dropped', detail: message };
      return answered({ outcome, status: null, errorKey: 'network', errorMessage: message, body: null });
    }

    this.budget.observeAnswer(response.headers.get('date'), sentAt, headersAt);
    const parsed = parseJson(text);
    const responseType = response.headers.get('content-type') ?? undefined;
    if (response.ok) {
      const outcome = classifyResponse(response.status, null);
      const status = response.status;
      return answered({ outcome, status, errorKey: null, errorMessage: null, body: parsed, responseText: text, responseType });
    }
    const { errorKey, errorMessage } = ctctError(parsed, response.status);
    const outcome = classifyResponse(response.status, errorKey);
    return answered({ outcome, status: response.status, errorKey, errorMessage, body: parsed, responseText: text, responseType });
  }
}

/** One attempt's answer (or its absence), and how to log it. */
interface Sent {
  outcome: CallOutcome;
  status: number | null;
  errorKey: string | null;
  /** Null on success. */
  errorMessage: string | null;
  body: unknown;
  responseText?: string;
  responseType?: string;
  /** Writes the attempt's API-log row with the decision taken on it. */
  log(decision: string): Promise<void>;
}

/** The error a failed call ends with: CC's own message, or what kept failing. */
function failure(request: CtctRequest, sent: Sent, step: RetryStep): CtctApiError {
  const { operation } = request;
  if (sent.status === null) {
    return new CtctApiError(operation, null, 'network', `${sent.errorMessage} (after ${step.next.failures} attempts)`);
  }
  if (sent.outcome.kind === 'throttled') {
    return new CtctApiError(operation, sent.status, sent.errorKey, 'still throttled after many retries');
  }
  return new CtctApiError(operation, sent.status, sent.errorKey, sent.errorMessage ?? `HTTP ${sent.status}`);
}

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
