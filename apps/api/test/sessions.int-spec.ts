import request from 'supertest';
import { csrfTokenOf, startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

/** Signs in on `t` with a plain client and returns the cookie header and CSRF token to replay by hand. */
async function signIn(t: TestApp, credentials = TEST_ADMIN): Promise<{ cookie: string; csrf: string }> {
  const response = await t.http().post('/api/auth/login').send(credentials).expect(200);
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return { cookie: cookies.map((cookie) => cookie.split(';')[0]).join('; '), csrf: csrfTokenOf(response) };
}

const me = (t: TestApp, session: { cookie: string }) => t.http().get('/api/auth/me').set('Cookie', session.cookie);

describe('sessions end when the user says so, on every replica (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let replica: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_MINUTES: '120' });
    replica = await startTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_MINUTES: '120' }, { database: t.database });
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  it('refuses the session cookie after logout, even when it is replayed by hand', async () => {
    const session = await signIn(t);
    await me(t, session).expect(200);
    await t.http().post('/api/auth/logout').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf).expect(204);
    await me(t, session).expect(401);
  });

  it('ends the session on every replica when the user signs out on one', async () => {
    const session = await signIn(t);
    await me(replica, session).expect(200);
    await t.http().post('/api/auth/logout').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrf).expect(204);
    await me(replica, session).expect(401);
  });

  it('does not sign out on a logout without the CSRF token (a cross-site logout link does nothing)', async () => {
    const session = await signIn(t);
    await t.http().post('/api/auth/logout').set('Cookie', session.cookie).expect(403);
    await me(t, session).expect(200);
  });

  it('issues a new session id at sign-in and ends the one the browser had', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const first = await agent.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const firstCookie = ([] as string[])
      .concat(first.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('ctct_session='))!
      .split(';')[0];
    const second = await agent.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const secondCookie = ([] as string[])
      .concat(second.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('ctct_session='))!
      .split(';')[0];
    expect(secondCookie).not.toBe(firstCookie);
    await t.http().get('/api/auth/me').set('Cookie', firstCookie).expect(401);
    await t.http().get('/api/auth/me').set('Cookie', secondCookie).expect(200);
  });

  it('"sign out everywhere" ends every session of the user on every replica', async () => {
    const laptop = await signIn(t);
    const phone = await signIn(replica);
    await t.http().post('/api/auth/logout-everywhere').set('Cookie', laptop.cookie).set('X-CSRF-Token', laptop.csrf).expect(204);
    await me(replica, phone).expect(401);
    await me(t, laptop).expect(401);
  });

  it('a password change ends every other session, keeps this browser signed in, and only the new password works', async () => {
    const other = await signIn(replica);
    const here = request.agent(t.app.getHttpServer());
    const login = await here.post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const newPassword = 'a-new-and-longer-password';

    const wrong = await here
      .post('/api/auth/password')
      .set('X-CSRF-Token', csrfTokenOf(login))
      .send({ currentPassword: 'not-it-at-all', newPassword })
      .expect(400);
    expect(wrong.body.fields).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);

    const changed = await here
      .post('/api/auth/password')
      .set('X-CSRF-Token', csrfTokenOf(login))
      .send({ currentPassword: TEST_ADMIN.password, newPassword })
      .expect(204);
    await me(replica, other).expect(401);
    await here.get('/api/auth/me').expect(200);
    expect(csrfTokenOf(changed)).not.toBe(csrfTokenOf(login));
    await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(401);
    await signIn(t, { email: TEST_ADMIN.email, password: newPassword });

    // Put the password back for the other tests.
    await here
      .post('/api/auth/password')
      .set('X-CSRF-Token', csrfTokenOf(changed))
      .send({ currentPassword: newPassword, newPassword: TEST_ADMIN.password })
      .expect(204);
  });

  it('ends a session left idle for longer than SESSION_IDLE_MINUTES', async () => {
    const session = await signIn(t);
    await t.dataSource.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '31 minutes'`);
    await me(t, session).expect(401);
  });

  it('keeps a session in use alive, but not past SESSION_ABSOLUTE_MINUTES after sign-in', async () => {
    const session = await signIn(t);
    await t.dataSource.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '20 minutes'`);
    await me(t, session).expect(200);
    const [{ touched }] = await t.dataSource.query(`SELECT max(last_seen_at) > now() - interval '1 minute' AS touched FROM auth_sessions`);
    expect(touched).toBe(true);
    await t.dataSource.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second'`);
    await me(t, session).expect(401);
  });

  it('keeps only a hash of the session id in the database', async () => {
    const session = await signIn(t);
    const id = session.cookie.match(/ctct_session=([\w-]+)\./)![1];
    const rows: Array<{ id_hash: Buffer }> = await t.dataSource.query(`SELECT id_hash FROM auth_sessions`);
    expect(rows.some((row) => row.id_hash.toString('hex').includes(Buffer.from(id).toString('hex')))).toBe(false);
    expect(rows.some((row) => row.id_hash.toString('utf8').includes(id))).toBe(false);
  });

  it('refuses a session cookie whose signature does not match', async () => {
    const session = await signIn(t);
    const tampered = session.cookie.replace(/(ctct_session=[\w-]+\.)[\w-]+/, '$1' + 'A'.repeat(43));
    await t.http().get('/api/auth/me').set('Cookie', tampered).expect(401);
  });
});
