import {
  CallOutcome,
  classifyResponse,
  classifyTokenResponse,
  describeStep,
  FIRST_ATTEMPT,
  nextStep,
  REJECTED_TOKEN_REASON,
  RetryOptions,
  RetryState,
} from './ctct-retry-policy';

const options: RetryOptions = { maxAttempts: 5, baseMs: 500, random: () => 0.5, now: () => new Date('2026-11-23T18:30:00Z') };
const after = (state: Partial<RetryState>): RetryState => ({ ...FIRST_ATTEMPT, ...state });

describe('the CC retry policy', () => {
  it('is done on a 2xx', () => {
    const step = nextStep({ kind: 'ok', status: 201 }, FIRST_ATTEMPT, options);
    expect(step).toMatchObject({ action: 'done', waitMs: 0 });
    expect(describeStep(step)).toBe('done: HTTP 201');
  });

  describe('401', () => {
    it('refreshes the token once, at once', () => {
      const step = nextStep({ kind: 'unauthorized' }, FIRST_ATTEMPT, options);
      expect(step).toMatchObject({ action: 'refresh-and-retry', waitMs: 0, next: { attempt: 2, refreshedAfter401: true } });
    });

    it('asks for a reconnect when the refreshed token is refused too, even after other retries in between', () => {
      const step = nextStep({ kind: 'unauthorized' }, after({ attempt: 4, failures: 2, refreshedAfter401: true }), options);
      expect(step).toMatchObject({ action: 'needs-reconnect', reason: REJECTED_TOKEN_REASON });
    });
  });

  describe('429', () => {
    it('waits 1 to 1.5 s when throttled, then retries', () => {
      expect(nextStep({ kind: 'throttled' }, FIRST_ATTEMPT, { ...options, random: () => 0 }).waitMs).toBe(1000);
      const step = nextStep({ kind: 'throttled' }, FIRST_ATTEMPT, { ...options, random: () => 0.999 });
      expect(step).toMatchObject({ action: 'retry', next: { throttled: 1, failures: 0 } });
      expect(step.waitMs).toBeCloseTo(1499.5);
      expect(describeStep(step)).toBe('retry in 1.5 s: HTTP 429 throttled (1 of 60 allowed)');
    });

    it('waits out 60 throttled answers and fails on the 61st', () => {
      expect(nextStep({ kind: 'throttled' }, after({ throttled: 59 }), options).action).toBe('retry');
      const step = nextStep({ kind: 'throttled' }, after({ throttled: 60 }), options);
      expect(step).toMatchObject({ action: 'fail', reason: 'HTTP 429 throttled: still throttled after 60 retries' });
    });

    it('does not spend the failure allowance on throttling', () => {
      expect(nextStep({ kind: 'throttled' }, after({ failures: 4 }), options).action).toBe('retry');
    });

    it("stops until Constant Contact's midnight (plus a second) when the daily quota is used up", () => {
      const step = nextStep({ kind: 'quota-exceeded' }, FIRST_ATTEMPT, { ...options, ccClock: { offsetMs: 0, uncertaintyMs: 0 } });
      expect(step).toMatchObject({ action: 'stop-until', waitMs: 5.5 * 3600_000 + 1_000 });
      expect(describeStep(step)).toBe(
        'stop calls for 5 h 31 min: HTTP 429 quota_exceeded: ' +
          "the daily quota is used up until Constant Contact's midnight (00:00 UTC by its clock)",
      );
    });

    it("stops for seconds, not a day, when our clock is 5 s ahead of CC's and the 429 comes just after our midnight", () => {
      const justAfterOurMidnight = () => new Date('2026-11-24T00:00:03Z');
      // CC's Date headers put its clock 5 s behind ours (to within 300 ms): for CC it is 23:59:58.
      const ccClock = { offsetMs: -5_000, uncertaintyMs: 300 };
      const step = nextStep({ kind: 'quota-exceeded' }, FIRST_ATTEMPT, { ...options, now: justAfterOurMidnight, ccClock });
      expect(step.action).toBe('stop-until');
      // CC's midnight is at our 00:00:05; at the latest 00:00:05.3; then the 1 s margin.
      expect(step.waitMs).toBe(2_000 + 300 + 1_000);
    });

    it('retries with a short backoff when CC still says quota_exceeded just after its midnight', () => {
      const ccClock = { offsetMs: 0, uncertaintyMs: 200 };
      const at = (iso: string) => nextStep({ kind: 'quota-exceeded' }, FIRST_ATTEMPT, { ...options, now: () => new Date(iso), ccClock });
      expect(at('2026-11-24T00:00:00.500Z').waitMs).toBe(2_000);
      expect(at('2026-11-24T00:00:20.200Z').waitMs).toBe(20_000);
      expect(at('2026-11-24T00:04:00.200Z').waitMs).toBe(60_000);
      expect(describeStep(at('2026-11-24T00:00:20.200Z'))).toBe(
        "stop calls for 20.0 s: HTTP 429 quota_exceeded 20 s after Constant Contact's midnight (by its clock): " +
          'its day has not rolled over yet',
      );
      // Ten minutes into CC's day the quota is really gone: wait for the next midnight.
      expect(at('2026-11-24T00:10:00.200Z').waitMs).toBeGreaterThan(23 * 3600_000);
    });

    it("treats the token endpoint's 429 as throttling to wait out, never as a lost authorisation", () => {
      expect(classifyTokenResponse(429)).toEqual({ kind: 'throttled' });
      expect(nextStep(classifyTokenResponse(429), FIRST_ATTEMPT, options).action).toBe('retry');
      expect(classifyTokenResponse(400)).toMatchObject({ kind: 'rejected', status: 400 });
      expect(classifyTokenResponse(503)).toEqual({ kind: 'server-error', status: 503 });
    });
  });

  describe('server errors, timeouts and dropped connections', () => {
    const transient: CallOutcome[] = [
      { kind: 'server-error', status: 503 },
      { kind: 'timeout' },
      { kind: 'dropped', detail: 'ECONNRESET' },
    ];

    it.each(transient)('backs off with full jitter after $kind: a random wait up to base·2^(failures-1)', (outcome) => {
      expect(nextStep(outcome, FIRST_ATTEMPT, options)).toMatchObject({ action: 'retry', waitMs: 250, next: { attempt: 2, failures: 1 } });
      expect(nextStep(outcome, after({ failures: 3 }), options).waitMs).toBe(0.5 * 500 * 8);
      expect(nextStep(outcome, after({ failures: 3 }), { ...options, random: () => 0 }).waitMs).toBe(0);
    });

    it('caps the backoff at 30 s', () => {
      const slow = { ...options, maxAttempts: 10, baseMs: 10_000, random: () => 0.999 };
      const step = nextStep({ kind: 'timeout' }, after({ failures: 3 }), slow);
      expect(step.waitMs).toBeCloseTo(29_970);
    });

    it.each(transient)('gives up on the CTCT_MAX_ATTEMPTS-th failure ($kind)', (outcome) => {
      expect(nextStep(outcome, after({ failures: 3 }), options).action).toBe('retry');
      const last = nextStep(outcome, after({ attempt: 5, failures: 4 }), options);
      expect(last).toMatchObject({ action: 'fail', waitMs: 0, next: { failures: 5 } });
      expect(last.reason).toMatch(/failure 5 of 5, no retries left$/);
    });

    it('fails at once when only one attempt is allowed', () => {
      expect(nextStep({ kind: 'server-error', status: 500 }, FIRST_ATTEMPT, { ...options, maxAttempts: 1 }).action).toBe('fail');
    });

    it('names what went wrong', () => {
      expect(describeStep(nextStep({ kind: 'server-error', status: 503 }, FIRST_ATTEMPT, options))).toBe(
        'retry in 250 ms: HTTP 503: failure 1 of 5, backoff with jitter',
      );
      expect(nextStep({ kind: 'timeout' }, FIRST_ATTEMPT, options).reason).toMatch(/^timed out/);
      const dropped = nextStep({ kind: 'dropped', detail: 'ECONNRESET' }, FIRST_ATTEMPT, options);
      expect(dropped.reason).toMatch(/^connection failed \(ECONNRESET\)/);
    });
  });

  it('fails without retrying any other 4xx', () => {
    const step = nextStep({ kind: 'rejected', status: 404, errorKey: 'contacts.api.not_found' }, FIRST_ATTEMPT, options);
    expect(step).toMatchObject({ action: 'fail', waitMs: 0 });
    expect(describeStep(step)).toBe('fail: HTTP 404 contacts.api.not_found is not retried');
  });

  describe('classifying CC answers', () => {
    it.each([
      [200, null, { kind: 'ok', status: 200 }],
      [204, null, { kind: 'ok', status: 204 }],
      [401, 'unauthorized', { kind: 'unauthorized' }],
      [429, 'throttled', { kind: 'throttled' }],
      [429, null, { kind: 'throttled' }],
      [429, 'quota_exceeded', { kind: 'quota-exceeded' }],
      [500, null, { kind: 'server-error', status: 500 }],
      [503, null, { kind: 'server-error', status: 503 }],
      [400, 'contacts.api.validation.error', { kind: 'rejected', status: 400, errorKey: 'contacts.api.validation.error' }],
      [403, null, { kind: 'rejected', status: 403, errorKey: null }],
      [409, null, { kind: 'rejected', status: 409, errorKey: null }],
    ])('HTTP %i %s', (status, errorKey, outcome) => {
      expect(classifyResponse(status, errorKey)).toEqual(outcome);
    });
  });
});
