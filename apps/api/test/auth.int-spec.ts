import { startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

describe('signing in (real app, real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('refuses every API route but health and login without a session', async () => {
    await t.http().get('/api/contacts').expect(401);
    await t.http().get('/api/auth/me').expect(401);
    await t.http().get('/api/health').expect(200);
  });

  it('signs in with the configured admin and sets an httpOnly session cookie', async () => {
    const response = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
    expect(response.body).toEqual({ id: expect.any(String), email: TEST_ADMIN.email, name: 'Administrator' });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/ctct_session=.+; .*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('keeps the user signed in across requests and signs them out', async () => {
    const agent = await t.signedIn();
    await agent.get('/api/auth/me').expect(200);
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/auth/me').expect(401);
  });

  it('says which field is missing on a malformed login', async () => {
    const response = await t.http().post('/api/auth/login').send({ email: TEST_ADMIN.email }).expect(400);
    expect(response.body.fields).toEqual([{ field: 'password', message: 'is required' }]);
  });

  it('does not accept a forged session cookie', async () => {
    const forged = 'ctct_session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    await t.http().get('/api/contacts').set('Cookie', forged).expect(401);
  });

  it('never returns the password or its hash', async () => {
    const response = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
    expect(JSON.stringify(response.body)).not.toMatch(/password|\$2[aby]\$/i);
  });

  it('slows down repeated failed logins with 429', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const response = await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', '10.9.9.9')
        .send({ ...TEST_ADMIN, password: 'wrong-password' });
      statuses.push(response.status);
    }
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
  });
});
