import request from 'supertest';
import { DEMO_CLIENT, PARTNER_RATE_LIMIT, createSandbox } from '../src';

async function burst(sandbox: ReturnType<typeof createSandbox>, n: number, token: string) {
  const agent = request(sandbox.app);
  return Promise.all(Array.from({ length: n }, () => agent.get('/v3/contact_lists').set('Authorization', `Bearer ${token}`)));
}

describe('rate limits', () => {
  it('refuses the 5th request within a second with 429 throttled and never admits more than 4 in any second', async () => {
    const sandbox = createSandbox();
    const { access_token } = sandbox.control.issueTokens();
    const responses = await burst(sandbox, 12, access_token);
    const throttled = responses.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0].body).toEqual({ error_key: 'throttled', error_message: 'Too Many Requests' });
    const stats = sandbox.control.stats();
    expect(stats.maxInAnySecond).toBeLessThanOrEqual(4);
    expect(stats.throttled).toBe(throttled.length);
    expect(stats.total).toBe(12);
    expect(stats.byOperation.getLists).toBe(12);
  });

  it('refuses requests past the daily quota with quota_exceeded, until 00:00 UTC of the sandbox clock', async () => {
    const sandbox = createSandbox({ rateLimit: { perSecond: 1000, perDay: 5 } });
    const { access_token } = sandbox.control.issueTokens();
    sandbox.control.setNow('2026-03-10T23:59:58.000Z');
    const day1 = await burst(sandbox, 6, access_token);
    expect(day1.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = day1.find((r) => r.status === 429)!;
    expect(refused.body).toEqual({ error_key: 'quota_exceeded', error_message: 'Limit Exceeded' });
    sandbox.control.setNow('2026-03-10T23:59:59.900Z');
    expect((await burst(sandbox, 1, access_token))[0].status).toBe(429);
    sandbox.control.setNow('2026-03-11T00:00:00.100Z');
    expect((await burst(sandbox, 1, access_token))[0].status).toBe(200);
    const stats = sandbox.control.stats();
    expect(stats.quotaExceeded).toBe(2);
    expect(stats.perDay).toEqual({ '2026-03-10': 5, '2026-03-11': 1 });
  });

  it('keeps separate budgets per OAuth client', async () => {
    const other = { clientId: 'other-app', clientSecret: 's', redirectUris: ['http://localhost/cb'] };
    const sandbox = createSandbox({ rateLimit: { perSecond: 1000, perDay: 2 } });
    sandbox.control.registerClient(other);
    const a = sandbox.control.issueTokens().access_token;
    const b = sandbox.control.issueTokens({ clientId: 'other-app' }).access_token;
    expect((await burst(sandbox, 3, a)).filter((r) => r.status === 200)).toHaveLength(2);
    expect((await burst(sandbox, 2, b)).filter((r) => r.status === 200)).toHaveLength(2);
  });

  it('can be turned off or raised to the partner plan', async () => {
    const off = createSandbox({ rateLimit: false });
    expect((await burst(off, 30, off.control.issueTokens().access_token)).every((r) => r.status === 200)).toBe(true);
    const partner = createSandbox({ rateLimit: PARTNER_RATE_LIMIT });
    const responses = await burst(partner, 30, partner.control.issueTokens().access_token);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(20);
    expect(partner.control.stats().maxInAnySecond).toBeLessThanOrEqual(20);
  });

  it('is reconfigured and reset through the control endpoints, which are never limited or counted', async () => {
    const sandbox = createSandbox({ rateLimit: { perSecond: 1, perDay: 1 } });
    const agent = request(sandbox.app);
    for (let i = 0; i < 10; i++) expect((await agent.get('/__sandbox/stats')).status).toBe(200);
    const token = (await agent.post('/__sandbox/tokens').send({ scopes: ['contact_data'] })).body.access_token;
    await burst(sandbox, 2, token);
    expect((await agent.get('/__sandbox/stats')).body).toMatchObject({ total: 2, quotaExceeded: 1 });
    await agent.put('/__sandbox/rate-limit').send({ off: true });
    await agent.post('/__sandbox/stats/reset');
    expect((await burst(sandbox, 5, token)).every((r) => r.status === 200)).toBe(true);
    expect((await agent.get('/__sandbox/stats')).body.total).toBe(5);
  });
});

describe('the token endpoint limit and the Date header', () => {
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  async function refresh(agent: ReturnType<typeof request>, refreshToken: string) {
    return agent
      .post('/oauth2/default/v1/token')
      .set('Authorization', basic(DEMO_CLIENT.clientId, DEMO_CLIENT.clientSecret!))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  it('answers 429 to a second token request within a second, keeps the refresh token usable, and admits it a second later', async () => {
    const sandbox = createSandbox();
    const agent = request(sandbox.app);
    const first = await refresh(agent, sandbox.control.issueTokens().refresh_token!);
    expect(first.status).toBe(200);
    const tooSoon = await refresh(agent, first.body.refresh_token);
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body).toMatchObject({ errorCode: 'E0000047', errorSummary: expect.stringMatching(/rate limit/) });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const later = await refresh(agent, first.body.refresh_token);
    expect(later.status).toBe(200);
    expect(sandbox.control.stats()).toMatchObject({ token: { requests: 3, throttled: 1 }, total: 0, perDay: {} });
  });

  it('has no token limit when the rate limits are off', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const agent = request(sandbox.app);
    const first = await refresh(agent, sandbox.control.issueTokens().refresh_token!);
    expect((await refresh(agent, first.body.refresh_token)).status).toBe(200);
  });

  it("stamps every answer's Date header with the sandbox clock, its now offset included", async () => {
    const sandbox = createSandbox();
    const agent = request(sandbox.app);
    const token = sandbox.control.issueTokens().access_token;
    sandbox.control.setNow('2026-03-10T23:59:57.400Z');
    const v3 = await agent.get('/v3/contact_lists').set('Authorization', `Bearer ${token}`);
    const date = Date.parse(v3.headers.date);
    expect(date).toBeGreaterThanOrEqual(Date.parse('2026-03-10T23:59:57.000Z'));
    expect(date).toBeLessThanOrEqual(Date.parse('2026-03-10T23:59:59.000Z'));
    expect(v3.headers.date).toMatch(/^Tue, 10 Mar 2026 23:59:5\d GMT$/);
    const oauth = await refresh(agent, sandbox.control.issueTokens().refresh_token!);
    expect(oauth.headers.date).toMatch(/ 10 Mar 2026 23:59:5\d GMT$/);
  });
});
