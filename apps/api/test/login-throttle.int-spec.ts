import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

/** Login throttling counts in PostgreSQL: two replicas behind a load balancer share one limit. */
describe('login throttling across replicas (two app instances, one database)', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '4' });
    second = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '4' }, { database: first.database });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const attempt = (t: TestApp, address: string, password = 'wrong-password') =>
    t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', address)
      .send({ ...TEST_ADMIN, password });

  it('answers 429 once the attempts spread over both replicas pass the limit', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      statuses.push((await attempt(first, '10.1.1.1')).status, (await attempt(second, '10.1.1.1')).status);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    // Even the right password waits, on either replica.
    expect((await attempt(first, '10.1.1.1', TEST_ADMIN.password)).status).toBe(429);
    const blocked = await attempt(second, '10.1.1.1', TEST_ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after-login'])).toBeGreaterThan(0);
  });

  it('counts each client address on its own', async () => {
    expect((await attempt(second, '10.2.2.2', TEST_ADMIN.password)).status).toBe(200);
  });

  it('lets the address try again once the block ends', async () => {
    await first.dataSource.query(
      `UPDATE auth_throttle SET blocked_until = now() - interval '1 second', window_ends_at = now() - interval '1 second'`,
    );
    expect((await attempt(second, '10.1.1.1', TEST_ADMIN.password)).status).toBe(200);
  });
});
