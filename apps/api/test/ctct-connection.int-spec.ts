import type { ApiCallLogDto } from '@ctct/shared-types';
import { toTokenSet } from '../src/modules/ctct/ctct-token.client';
import { CtctAuthorizationService } from '../src/modules/ctct/ctct-authorization.service';
import { CtctClient } from '../src/modules/ctct/ctct.client';
import { CtctNeedsReconnectError, CtctNotConnectedError, CtctQuotaExceededError, CtctApiError } from '../src/modules/ctct/ctct-errors';
import { answerConsent, startTestSandbox, TestSandbox } from './support/sandbox';
import { startTestApp, TestApp } from './support/test-app';

describe('the Constant Contact connection and client (real app, sandbox, PostgreSQL)', () => {
  let cc: TestSandbox;
  let t: TestApp;
  let client: CtctClient;

  beforeAll(async () => {
    cc = await startTestSandbox();
    t = await startTestApp({ ...cc.apiEnv, CTCT_RETRY_BASE_MS: '20', CTCT_REQUEST_TIMEOUT_MS: '1500' });
    client = t.app.get(CtctClient);
  });
  afterAll(async () => {
    await t?.close();
    await cc?.running.close();
  });
  beforeEach(async () => {
    cc.sandbox.control.clearFaults();
    cc.sandbox.control.setRateLimit({ perSecond: 4, perDay: 10_000 });
    cc.sandbox.control.setAccessTokenTtlSeconds(86_400);
    await t.dataSource.query(`DELETE FROM ctct_connection`);
    await t.dataSource.query(`UPDATE ctct_rate_budget SET used_today = 0, quota_exhausted_until = NULL`);
    await t.dataSource.query(`DELETE FROM api_call_log`);
  });

  /** Connect without a browser: tokens straight from the sandbox, then the same completion the callback runs. */
  async function connectDirectly() {
    const tokens = cc.sandbox.control.issueTokens();
    await t.app.get(CtctAuthorizationService).complete(toTokenSet(tokens), null);
    return tokens;
  }

  const accountSummary = () => client.call('getAccountById');

  async function countLog(operation: string): Promise<number> {
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM api_call_log WHERE operation = $1`, [operation]);
    return count;
  }

  describe('connecting (authorization code + state + PKCE S256)', () => {
    it('connects through CC consent and shows the account', async () => {
      const agent = await t.signedIn();
      const start = await agent.get('/api/ctct/connect').expect(302);
      const authorize = new URL(start.headers.location);
      expect(authorize.pathname).toBe('/oauth2/default/v1/authorize');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(authorize.searchParams.get('state')).toBeTruthy();
      expect(authorize.searchParams.get('scope')?.split(' ').sort()).toEqual([
        'account_read',
        'campaign_data',
        'contact_data',
        'offline_access',
      ]);

      const back = await answerConsent(authorize.toString(), 'allow');
      const done = await agent.get(`${back.pathname}${back.search}`).expect(302);
      expect(done.headers.location).toBe('/settings?ctct=connected');

      const connection = await agent.get('/api/ctct/connection').expect(200);
      expect(connection.body).toMatchObject({ state: 'connected', target: 'sandbox', configured: true });
      expect(connection.body.account.organizationName).toBeTruthy();
      expect(new Date(connection.body.accessTokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
      expect(connection.body.budget).toMatchObject({ perSecond: 4, perDay: 10_000 });
    });

    it('stays disconnected when the admin refuses consent', async () => {
      const agent = await t.signedIn();
      const start = await agent.get('/api/ctct/connect').expect(302);
      const back = await answerConsent(start.headers.location, 'deny');
      expect(back.searchParams.get('error')).toBe('access_denied');
      const done = await agent.get(`${back.pathname}${back.search}`).expect(302);
      expect(done.headers.location).toBe('/settings?ctct=error&reason=denied');
      expect((await agent.get('/api/ctct/connection')).body.state).toBe('disconnected');
    });

    it('never reflects what CC (or a crafted link) sends: the callback maps errors to a fixed reason', async () => {
      const crafted = await t
        .http()
        .get('/api/ctct/oauth/callback')
        .query({ error: 'server_error', error_description: '<img src=x onerror=alert(1)> Call +1 555 0100 to fix', state: 'x' })
        .expect(302);
      expect(crafted.headers.location).toBe('/settings?ctct=error&reason=ctct_error');
      const odd = await t.http().get('/api/ctct/oauth/callback').query({ error: 'Your account is locked, visit evil.example' }).expect(302);
      expect(odd.headers.location).toBe('/settings?ctct=error&reason=ctct_error');
    });

    it('completes without the session cookie (SameSite=Strict keeps it off the redirect from CC): the state says who', async () => {
      const agent = await t.signedIn();
      const start = await agent.get('/api/ctct/connect').expect(302);
      const back = await answerConsent(start.headers.location, 'allow');
      const done = await t.http().get(`${back.pathname}${back.search}`).expect(302);
      expect(done.headers.location).toBe('/settings?ctct=connected');
      const [row] = await t.dataSource.query(`SELECT c.connected_by = u.id AS by_admin FROM ctct_connection c, users u`);
      expect(row.by_admin).toBe(true);
    });

    it('rejects a forged state and a state replayed after use', async () => {
      const agent = await t.signedIn();
      const forged = await agent.get('/api/ctct/oauth/callback').query({ code: 'stolen-code', state: 'forged-state' }).expect(302);
      expect(forged.headers.location).toBe('/settings?ctct=error&reason=state');

      const start = await agent.get('/api/ctct/connect').expect(302);
      const back = await answerConsent(start.headers.location, 'allow');
      await agent.get(`${back.pathname}${back.search}`).expect(302 /* connected */);
      await t.dataSource.query(`DELETE FROM ctct_connection`);
      const replay = await agent.get(`${back.pathname}${back.search}`).expect(302);
      expect(replay.headers.location).toMatch(/ctct=error/);
      expect((await agent.get('/api/ctct/connection')).body.state).toBe('disconnected');
      expect(await countLog('oauth.token.authorization_code')).toBe(1);
    });
  });

  describe('tokens at rest and in the open', () => {
    it('keeps no token in clear text in the database and returns none from the API', async () => {
      const tokens = await connectDirectly();
      await accountSummary();
      const secrets = [tokens.access_token, tokens.refresh_token!];
      const tables: { table_name: string }[] = await t.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      for (const { table_name } of tables) {
        const rows = await t.dataSource.query(`SELECT * FROM "${table_name}"`);
        const dump = JSON.stringify(rows, (_key, value) => (value?.type === 'Buffer' ? Buffer.from(value.data).toString('latin1') : value));
        for (const secret of secrets) expect(dump).not.toContain(secret);
      }
      const agent = await t.signedIn();
      const responses = [
        await agent.get('/api/ctct/connection'),
        await agent.get('/api/api-log').query({ limit: 500 }),
        ...(await Promise.all(
          (await agent.get('/api/api-log')).body.items.map((row: { id: string }) => agent.get(`/api/api-log/${row.id}`)),
        )),
        await agent.get('/api/api-log/export.csv'),
      ];
      for (const response of responses) {
        for (const secret of secrets) expect(response.text).not.toContain(secret);
        expect(response.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
      }
    });
  });

  describe('refreshing rotating tokens', () => {
    it('refreshes exactly once for 20 concurrent calls when the token has just expired, and all 20 succeed', async () => {
      cc.sandbox.control.setAccessTokenTtlSeconds(1);
      await connectDirectly();
      cc.sandbox.control.setAccessTokenTtlSeconds(86_400);
      await t.dataSource.query(`UPDATE ctct_connection SET access_token_expires_at = now()`);
      await t.dataSource.query(`DELETE FROM api_call_log`);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => accountSummary()));
      const failures = results
        .filter((result) => result.status === 'rejected')
        .map((result) => String((result as PromiseRejectedResult).reason));
      expect(failures).toEqual([]);
      expect(await countLog('oauth.token.refresh_token')).toBe(1);
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM api_call_log WHERE operation = 'getAccountById' AND status = 401`,
      );
      expect(count).toBe(0);
    });

    it('puts the connection in needs-reconnect when CC revokes our tokens, and stops calling', async () => {
      await connectDirectly();
      await accountSummary();
      cc.sandbox.control.revokeAllTokens();
      await expect(accountSummary()).rejects.toBeInstanceOf(CtctNeedsReconnectError);
      const before = cc.sandbox.control.stats().total;
      await expect(accountSummary()).rejects.toBeInstanceOf(CtctNeedsReconnectError);
      expect(cc.sandbox.control.stats().total).toBe(before);
      const agent = await t.signedIn();
      const connection = (await agent.get('/api/ctct/connection')).body;
      expect(connection.state).toBe('needs_reconnect');
      expect(connection.reason).toMatch(/invalid_grant|refused|rejected/);
    });
  });

  describe('the request budget and retries', () => {
    it('waits out a 429 storm: every call succeeds and no second carries more than 4 requests', async () => {
      await connectDirectly();
      cc.sandbox.control.resetStats();
      cc.sandbox.control.setFaults({ stormRemaining: 6 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => accountSummary()));
      expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
      const stats = cc.sandbox.control.stats();
      expect(stats.faulted.storm).toBe(6);
      expect(stats.maxAttemptedInAnySecond).toBeLessThanOrEqual(4);
    });

    it("writes on each attempt's API-log row what the client decided: throttled twice, then done", async () => {
      await connectDirectly();
      await t.dataSource.query(`DELETE FROM api_call_log`);
      cc.sandbox.control.setFaults({ stormRemaining: 2, operations: ['getAccountById'] });
      await accountSummary();

      const agent = await t.signedIn();
      const newestFirst: ApiCallLogDto[] = (await agent.get('/api/api-log').query({ q: 'getAccountById' }).expect(200)).body.items;
      const attempts = [...newestFirst].reverse();
      expect(attempts.map((row) => [row.attempt, row.status])).toEqual([
        [1, 429],
        [2, 429],
        [3, 200],
      ]);
      expect(attempts[0].decision).toMatch(/^retry in 1\.\d s: HTTP 429 throttled \(1 of 60 allowed\)$/);
      expect(attempts[1].decision).toMatch(/^retry in 1\.\d s: HTTP 429 throttled \(2 of 60 allowed\)$/);
      expect(attempts[2].decision).toBe('done: HTTP 200');
      const detail = await agent.get(`/api/api-log/${attempts[0].id}`).expect(200);
      expect(detail.body.decision).toBe(attempts[0].decision);
    });

    it('paces a burst of 12 calls so the sandbox never sees more than 4 in a second', async () => {
      await connectDirectly();
      cc.sandbox.control.resetStats();
      const started = Date.now();
      await Promise.all(Array.from({ length: 12 }, () => accountSummary()));
      const stats = cc.sandbox.control.stats();
      expect(stats.throttled).toBe(0);
      expect(stats.maxAttemptedInAnySecond).toBeLessThanOrEqual(4);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_700);
    });

    it('stops on quota_exceeded and says when work resumes, without calling CC again', async () => {
      await connectDirectly();
      cc.sandbox.control.setRateLimit({ perSecond: 4, perDay: 1 });
      await accountSummary().catch(() => undefined);
      const failure = await accountSummary().catch((error) => error);
      expect(failure).toBeInstanceOf(CtctQuotaExceededError);
      // CC's midnight by its Date headers (the sandbox's clock is ours here), at the latest it can be, plus a second.
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      const resumesAt = (failure as CtctQuotaExceededError).resumesAt;
      expect(resumesAt.getTime()).toBeGreaterThanOrEqual(midnight.getTime() + 1_000);
      expect(resumesAt.getTime()).toBeLessThanOrEqual(midnight.getTime() + 2_100);
      const before = cc.sandbox.control.stats().total;
      await expect(accountSummary()).rejects.toBeInstanceOf(CtctQuotaExceededError);
      expect(cc.sandbox.control.stats().total).toBe(before);
      const agent = await t.signedIn();
      expect((await agent.get('/api/ctct/connection')).body.budget.quotaExhaustedUntil).toBe(resumesAt.toISOString());
    });

    it('retries 5xx with backoff and logs every attempt, then gives up with a clear error', async () => {
      await connectDirectly();
      await t.dataSource.query(`DELETE FROM api_call_log`);
      cc.sandbox.control.setFaults({ errorRate: 1, errorStatus: 503, operations: ['getAccountById'] });
      const failure = (await accountSummary().catch((error) => error)) as CtctApiError;
      expect(failure).toBeInstanceOf(CtctApiError);
      expect(failure.message).toMatch(/getAccountById failed \(503/);
      const attempts = await t.dataSource.query(
        `SELECT attempt, status, decision FROM api_call_log WHERE operation = 'getAccountById' ORDER BY id`,
      );
      expect(attempts.map((row: { attempt: number }) => row.attempt)).toEqual([1, 2, 3, 4, 5]);
      expect(attempts[0].decision).toMatch(/^retry in \d+ ms: HTTP 503: failure 1 of 5, backoff with jitter$/);
      expect(attempts[4].decision).toBe('fail: HTTP 503: failure 5 of 5, no retries left');
    });

    it('retries dropped connections and timeouts until the call goes through', async () => {
      await connectDirectly();
      cc.sandbox.control.setFaults({ dropRate: 0.3, timeoutRate: 0.1, seed: 3, operations: ['getAccountById'] });
      const results = await Promise.all(Array.from({ length: 4 }, () => accountSummary()));
      expect(results.every((account) => account.organization_name)).toBe(true);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM api_call_log WHERE status IS NULL`);
      expect(count).toBeGreaterThan(0);
    });

    it('does not retry a 404', async () => {
      await connectDirectly();
      const failure = (await client
        .call('getContact', { params: { contact_id: '00000000-0000-4000-8000-000000000000' } })
        .catch((error) => error)) as CtctApiError;
      expect(failure).toBeInstanceOf(CtctApiError);
      expect(failure.httpStatus).toBe(404);
      expect(await countLog('getContact')).toBe(1);
      const [{ decision }] = await t.dataSource.query(`SELECT decision FROM api_call_log WHERE operation = 'getContact'`);
      expect(decision).toMatch(/^fail: HTTP 404 .*is not retried$/);
    });
  });

  describe('disconnecting', () => {
    it('revokes and forgets the tokens; no call reaches CC afterwards', async () => {
      const tokens = await connectDirectly();
      const agent = await t.signedIn();
      const response = await agent.post('/api/ctct/disconnect').expect(200);
      expect(response.body.state).toBe('disconnected');
      const [row] = await t.dataSource.query(`SELECT access_token_encrypted, refresh_token_encrypted FROM ctct_connection`);
      expect(row).toEqual({ access_token_encrypted: null, refresh_token_encrypted: null });
      const refresh = await fetch(`${cc.running.url}/oauth2/default/v1/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${cc.apiEnv.CTCT_CLIENT_ID}:${cc.apiEnv.CTCT_CLIENT_SECRET}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
      });
      expect(refresh.status).toBe(400);
      const before = cc.sandbox.control.stats().total;
      await expect(accountSummary()).rejects.toBeInstanceOf(CtctNotConnectedError);
      expect(cc.sandbox.control.stats().total).toBe(before);
    });
  });
});
