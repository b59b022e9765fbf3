import { csrfTokenOf, startTestApp, TEST_ADMIN, TestApp } from './support/test-app';

const PUBLIC_URL = 'https://crm.example.test';

/**
 * A browser that is signed in to the admin visits another page that posts to the API. supertest does not
 * apply SameSite, so these requests carry the session cookie as a lax or buggy browser would: the API must
 * refuse them on its own (Origin, Content-Type, CSRF token).
 */
describe('cross-site request forgery is refused and writes nothing (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL });
    const login = await t.http().post('/api/auth/login').set('Origin', PUBLIC_URL).send(TEST_ADMIN).expect(200);
    cookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    csrf = csrfTokenOf(login);
  });
  afterAll(() => t.close());

  const contactCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM contacts`))[0].n);
  const runCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM sync_runs`))[0].n);

  it('refuses an HTML form posted from another site (urlencoded, cross-origin) and creates no contact', async () => {
    const before = await contactCount();
    const response = await t
      .http()
      .post('/api/contacts')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send('email=victim%40example.com&firstName=Mallory');
    expect([403, 415]).toContain(response.status);
    expect(await contactCount()).toBe(before);
  });

  it('refuses a text/plain post from our own origin with 415 and creates no contact', async () => {
    const before = await contactCount();
    const response = await t
      .http()
      .post('/api/contacts')
      .set('Cookie', cookie)
      .set('Origin', PUBLIC_URL)
      .set('X-CSRF-Token', csrf)
      .set('Content-Type', 'text/plain')
      .send('{"email":"plain@example.com"}')
      .expect(415);
    expect(response.body.message).toMatch(/application\/json/);
    expect(await contactCount()).toBe(before);
  });

  it('refuses nested form fields (no bulk preview starts from a form)', async () => {
    await t
      .http()
      .post('/api/bulk-memberships/preview')
      .set('Cookie', cookie)
      .set('Origin', PUBLIC_URL)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send('selection[filter][q]=a&target[newListName]=x')
      .expect(415);
  });

  it('refuses an empty form post (a "disconnect Constant Contact" button on another page)', async () => {
    await t
      .http()
      .post('/api/ctct/disconnect')
      .set('Cookie', cookie)
      .set('Origin', PUBLIC_URL)
      .set('X-CSRF-Token', csrf)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('')
      .expect(415);
  });

  it('refuses a page of the same site on another port or a sibling subdomain (Origin)', async () => {
    for (const origin of ['https://crm.example.test:8443', 'https://blog.example.test', 'null']) {
      const before = await contactCount();
      const response = await t
        .http()
        .post('/api/contacts')
        .set('Cookie', cookie)
        .set('Origin', origin)
        .set('X-CSRF-Token', csrf)
        .send({ email: 'sibling@example.com' })
        .expect(403);
      expect(response.body.message).toMatch(/Cross-origin/);
      expect(await contactCount()).toBe(before);
    }
  });

  it('refuses what the browser marks as a cross-site or same-site request (Sec-Fetch-Site)', async () => {
    await t
      .http()
      .post('/api/sync/jobs/lists/run')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-site')
      .set('X-CSRF-Token', csrf)
      .expect(403);
    await t
      .http()
      .post('/api/sync/jobs/lists/run')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('X-CSRF-Token', csrf)
      .expect(403);
    expect(await runCount()).toBe(0);
  });

  it('refuses a request from another page whose Referer gives it away when Origin is missing', async () => {
    await t
      .http()
      .post('/api/contacts')
      .set('Cookie', cookie)
      .set('Referer', 'https://evil.example/page')
      .set('X-CSRF-Token', csrf)
      .send({ email: 'referer@example.com' })
      .expect(403);
  });

  it('refuses a state-changing request without the CSRF token, or with a wrong one', async () => {
    const before = await contactCount();
    await t
      .http()
      .post('/api/contacts')
      .set('Cookie', cookie)
      .set('Origin', PUBLIC_URL)
      .send({ email: 'no-token@example.com' })
      .expect(403);
    await t
      .http()
      .post('/api/contacts')
      .set('Cookie', cookie)
      .set('Origin', PUBLIC_URL)
      .set('X-CSRF-Token', 'x'.repeat(43))
      .send({ email: 'bad-token@example.com' })
      .expect(403);
    expect(await contactCount()).toBe(before);
  });

  it('accepts the admin itself: JSON from the public URL with the CSRF token', async () => {
    await t
      .http()
      .post('/api/contacts')
      .set('Cookie', cookie)
      .set('Origin', PUBLIC_URL)
      .set('Sec-Fetch-Site', 'same-origin')
      .set('X-CSRF-Token', csrf)
      .send({ email: 'admin-made@example.com' })
      .expect(201);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    await t.http().post('/api/auth/login').set('Origin', 'https://evil.example').send(TEST_ADMIN).expect(403);
  });

  it('sets the session cookie SameSite=Strict, HttpOnly and Secure when the public URL is https', async () => {
    const login = await t.http().post('/api/auth/login').set('Origin', PUBLIC_URL).send(TEST_ADMIN).expect(200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('ctct_session='))!;
    const token = cookies.find((c) => c.startsWith('ctct_csrf='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Secure/);
    expect(token).toMatch(/SameSite=Strict/);
    expect(token).not.toMatch(/HttpOnly/);
  });
});
