import request from 'supertest';
import { createSandbox } from '../src';

describe('fault injection', () => {
  it('answers the configured share of requests with 500 or 503, deterministically from a seed', async () => {
    const run = async () => {
      const sandbox = createSandbox({ rateLimit: false });
      const token = sandbox.control.issueTokens().access_token;
      sandbox.control.setFaults({ errorRate: 0.5, errorStatus: 503, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await request(sandbox.app).get('/v3/contacts').set('Authorization', `Bearer ${token}`)).status);
      return { statuses, stats: sandbox.control.stats() };
    };
    const first = await run();
    const second = await run();
    expect(first.statuses).toEqual(second.statuses);
    const errors = first.statuses.filter((s) => s === 503).length;
    expect(errors).toBeGreaterThan(8);
    expect(errors).toBeLessThan(32);
    expect(first.stats.faulted.error).toBe(errors);
  });

  it('limits faults to the listed operations and adds latency', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const token = sandbox.control.issueTokens().access_token;
    const agent = request(sandbox.app);
    await agent.put('/__sandbox/faults').send({ errorRate: 1, operations: ['getLists'], latencyMs: 60 });
    const started = Date.now();
    expect((await agent.get('/v3/contact_lists').set('Authorization', `Bearer ${token}`)).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect((await agent.get('/v3/contacts').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await agent.delete('/__sandbox/faults');
    expect((await agent.get('/v3/contact_lists').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('a 429 storm throttles the next N requests, whatever the budget', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const token = sandbox.control.issueTokens().access_token;
    sandbox.control.setFaults({ stormRemaining: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await request(sandbox.app).get('/v3/contacts').set('Authorization', `Bearer ${token}`)).status);
    expect(statuses).toEqual([429, 429, 429, 200, 200]);
    expect(sandbox.control.stats().faulted.storm).toBe(3);
  });

  it('drops connections and holds requests unanswered (timeouts)', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const running = await sandbox.listen(0);
    const token = sandbox.control.issueTokens().access_token;
    const call = () =>
      fetch(`${running.url}/v3/contacts`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300) });
    try {
      sandbox.control.setFaults({ dropRate: 1 });
      await expect(call()).rejects.toThrow();
      sandbox.control.setFaults({ timeoutRate: 1 });
      await expect(call()).rejects.toThrow(/timeout|aborted/i);
      sandbox.control.clearFaults();
      expect((await call()).status).toBe(200);
      expect(sandbox.control.stats().faulted).toMatchObject({ drop: 1, timeout: 1 });
    } finally {
      await running.close();
    }
  });

  it('revoking all tokens makes every API call 401', async () => {
    const sandbox = createSandbox();
    const token = sandbox.control.issueTokens().access_token;
    await request(sandbox.app).post('/__sandbox/revoke-all');
    expect((await request(sandbox.app).get('/v3/contacts').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });
});

describe('request stats', () => {
  it('count requests by operationId and status, and reset', async () => {
    const sandbox = createSandbox({ rateLimit: false });
    const token = sandbox.control.issueTokens().access_token;
    const agent = request(sandbox.app);
    await agent.get('/v3/contacts').set('Authorization', `Bearer ${token}`);
    await agent.get('/v3/contacts/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`);
    await agent.post('/v3/contact_lists').set('Authorization', `Bearer ${token}`).send({ name: 'x' });
    await agent.get('/v3/contacts');
    const stats = (await agent.get('/__sandbox/stats')).body;
    expect(stats.byOperation).toEqual({ getContacts: 2, getContact: 1, createList: 1 });
    expect(stats.byStatus).toEqual({ '200': 1, '404': 1, '201': 1, '401': 1 });
    expect(stats.total).toBe(4);
    sandbox.control.resetStats();
    expect(sandbox.control.stats().total).toBe(0);
  });

  it('answer 404 for unknown V3 paths and 405 for unsupported methods', async () => {
    const sandbox = createSandbox();
    const token = sandbox.control.issueTokens().access_token;
    const agent = request(sandbox.app);
    expect((await agent.get('/v3/nothing-here').set('Authorization', `Bearer ${token}`)).status).toBe(404);
    expect((await agent.patch('/v3/contacts').set('Authorization', `Bearer ${token}`)).status).toBe(405);
  });
});
