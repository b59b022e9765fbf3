import { CcClock, quotaStop, UNMEASURED_CC_CLOCK } from './cc-clock';

/**
 * What CC's answer to one attempt was, reduced to what the retry decision needs. CC sends no Retry-After and
 * no rate headers (see the V3 facts), so nothing else of the response matters here.
 */
export type CallOutcome =
  | { kind: 'ok'; status: number }
  /** 401: the token was refused. */
  | { kind: 'unauthorized' }
  /** 429 `throttled` (or a 429 without the quota key, e.g. 1,000 queued activities): over the per-second rate. */
  | { kind: 'throttled' }
  /** 429 `quota_exceeded`: the daily quota is used up; retrying before CC's midnight (by CC's clock) is futile. */
  | { kind: 'quota-exceeded' }
  | { kind: 'server-error'; status: number }
  /** No answer within CTCT_REQUEST_TIMEOUT_MS. */
  | { kind: 'timeout' }
  /** The connection failed or was dropped before an answer (reset, refused, DNS…). */
  | { kind: 'dropped'; detail: string }
  /** Any other answer (4xx other than 401/429): retrying would get the same answer. */
  | { kind: 'rejected'; status: number; errorKey: string | null };

/** What happened on the attempts so far; the policy returns the state for the next attempt. */
export interface RetryState {
  /** 1-based number of the attempt whose outcome is being decided. */
  attempt: number;
  /** Server errors, timeouts and dropped connections so far (they share the CTCT_MAX_ATTEMPTS allowance). */
  failures: number;
  /** 429 `throttled` answers so far. */
  throttled: number;
  /** Whether a 401 already forced a token refresh: a second 401 means the grant is gone. */
  refreshedAfter401: boolean;
}

export const FIRST_ATTEMPT: RetryState = { attempt: 1, failures: 0, throttled: 0, refreshedAfter401: false };

export interface RetryOptions {
  /** CTCT_MAX_ATTEMPTS: failures (5xx, timeouts, drops) allowed before giving up. */
  maxAttempts: number;
  /** CTCT_RETRY_BASE_MS: the first backoff's upper bound; doubled per failure. */
  baseMs: number;
  maxBackoffMs?: number;
  /** A storm of per-second 429s is waited out, but not forever. */
  maxThrottledRetries?: number;
  /** [0, 1); injectable so tests get fixed waits. */
  random?: () => number;
  now?: () => Date;
  /** CC's clock as estimated from its Date headers: its midnight, not ours, resets the quota. */
  ccClock?: CcClock;
}

export type RetryAction = 'done' | 'retry' | 'refresh-and-retry' | 'stop-until' | 'fail' | 'needs-reconnect';

export interface RetryStep {
  action: RetryAction;
  /** How long to wait before the next attempt (retry), or until calls may resume (stop-until); else 0. */
  waitMs: number;
  /** Why, in words an admin reading the API log understands. */
  reason: string;
  /** The state to pass with the next attempt's outcome. */
  next: RetryState;
}

export const MAX_BACKOFF_MS = 30_000;
export const MAX_THROTTLED_RETRIES = 60;
export const REJECTED_TOKEN_REASON = 'Constant Contact rejected a freshly refreshed token (revoked access?)';

/**
 * The CC client's retry decision, without I/O: given what one attempt got and what happened before, what to do
 * next. 2xx → done; 401 → one forced token refresh, a second 401 → needs-reconnect; 429 `throttled` → wait
 * 1–1.5 s and retry (up to 60 times); 429 `quota_exceeded` → stop until CC's midnight by CC's clock (or, just
 * after it, a short backoff: `cc-clock.ts`); 5xx, timeouts and dropped
 * connections → exponential backoff with full jitter until CTCT_MAX_ATTEMPTS failures; other 4xx → fail.
 */
export function nextStep(outcome: CallOutcome, state: RetryState, options: RetryOptions): RetryStep {
  const random = options.random ?? Math.random;
  const next: RetryState = { ...state, attempt: state.attempt + 1 };
  switch (outcome.kind) {
    case 'ok':
      return { action: 'done', waitMs: 0, reason: `HTTP ${outcome.status}`, next };

    case 'unauthorized':
      if (state.refreshedAfter401) return { action: 'needs-reconnect', waitMs: 0, reason: REJECTED_TOKEN_REASON, next };
      return {
        action: 'refresh-and-retry',
        waitMs: 0,
        reason: 'HTTP 401: the token was refused; one forced refresh',
        next: { ...next, refreshedAfter401: true },
      };

    case 'quota-exceeded': {
      const now = (options.now ?? (() => new Date()))().getTime();
      const stop = quotaStop(now, options.ccClock ?? UNMEASURED_CC_CLOCK);
      return { action: 'stop-until', waitMs: stop.resumeAtMs - now, reason: stop.reason, next };
    }

    case 'throttled': {
      const throttled = state.throttled + 1;
      const limit = options.maxThrottledRetries ?? MAX_THROTTLED_RETRIES;
      if (throttled > limit) {
        const reason = `HTTP 429 throttled: still throttled after ${limit} retries`;
        return { action: 'fail', waitMs: 0, reason, next: { ...next, throttled } };
      }
      // CC counts requests per second: a second and a bit later the window has moved on; the jitter spreads replicas.
      const waitMs = 1000 + random() * 500;
      return { action: 'retry', waitMs, reason: `HTTP 429 throttled (${throttled} of ${limit} allowed)`, next: { ...next, throttled } };
    }

    case 'server-error':
    case 'timeout':
    case 'dropped': {
      const failures = state.failures + 1;
      const what =
        outcome.kind === 'server-error' ? `HTTP ${outcome.status}` : outcome.kind === 'timeout' ? 'timed out' : `connection failed`;
      const detail = outcome.kind === 'dropped' ? ` (${outcome.detail})` : '';
      const counted = `${what}${detail}: failure ${failures} of ${options.maxAttempts}`;
      if (failures >= options.maxAttempts) {
        return { action: 'fail', waitMs: 0, reason: `${counted}, no retries left`, next: { ...next, failures } };
      }
      // Full jitter (AWS): a random wait up to base·2^(n-1), capped, so clients that failed together spread out.
      const ceiling = Math.min(options.maxBackoffMs ?? MAX_BACKOFF_MS, options.baseMs * 2 ** (failures - 1));
      return { action: 'retry', waitMs: random() * ceiling, reason: `${counted}, backoff with jitter`, next: { ...next, failures } };
    }

    case 'rejected': {
      const answer = `HTTP ${outcome.status}${outcome.errorKey ? ` ${outcome.errorKey}` : ''}`;
      return { action: 'fail', waitMs: 0, reason: `${answer} is not retried`, next };
    }
  }
}

/** Sorts CC's answer (or the lack of one) into the outcomes the policy knows. */
export function classifyResponse(status: number, errorKey: string | null): CallOutcome {
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 429) return errorKey === 'quota_exceeded' ? { kind: 'quota-exceeded' } : { kind: 'throttled' };
  if (status >= 500) return { kind: 'server-error', status };
  return { kind: 'rejected', status, errorKey };
}

/**
 * CC's token endpoint answers with OAuth errors, not V3 ones: a 429 is its 1/s limit (wait and retry, never a lost
 * authorisation), a 5xx an outage; every other refusal (invalid_grant, invalid_client…) is final for this request.
 */
export function classifyTokenResponse(status: number): CallOutcome {
  if (status >= 200 && status < 300) return { kind: 'ok', status };
  if (status === 429) return { kind: 'throttled' };
  if (status >= 500) return { kind: 'server-error', status };
  return { kind: 'rejected', status, errorKey: null };
}

/** The decision as one line for the API log: "retry in 412 ms: HTTP 503: failure 1 of 5, backoff with jitter". */
export function describeStep(step: Pick<RetryStep, 'action' | 'waitMs' | 'reason'>): string {
  switch (step.action) {
    case 'retry':
      return `retry in ${formatWait(step.waitMs)}: ${step.reason}`;
    case 'stop-until':
      return `stop calls for ${formatWait(step.waitMs)}: ${step.reason}`;
    default:
      return `${step.action}: ${step.reason}`;
  }
}

function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.ceil(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
