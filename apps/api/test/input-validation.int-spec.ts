import { startTestApp, TestApp } from './support/test-app';

type Agent = Awaited<ReturnType<TestApp['signedIn']>>;
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const NOWHERE = '00000000-0000-4000-8000-000000000000';

/** Crafted input is a 400 that names what is wrong — never a 500, never a database error, never a write. */
describe('crafted and careless input (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let agent: Agent;
  let contactId: string;
  let runId: string;

  beforeAll(async () => {
    t = await startTestApp({ SYNC_WORKER: 'false', PUSH_WORKER: 'false' });
    agent = await t.signedIn();
    contactId = (await agent.post('/api/contacts').send({ email: 'ada@example.com', firstName: 'Ada' }).expect(201)).body.contact.id;
    // A finished run to page the records of (written directly: starting one needs a CC connection).
    [{ id: runId }] = await t.dataSource.query(
      `INSERT INTO sync_runs (job, trigger, status) VALUES ('lists', 'manual', 'succeeded') RETURNING id`,
    );
  });
  afterAll(() => t.close());

  const contactCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM contacts`))[0].n);

  describe('cursors', () => {
    const crafted = {
      'a non-UUID id': (sort: string, key: unknown) => cursorOf([sort, key, 'x']),
      'a number as id': (sort: string, key: unknown) => cursorOf([sort, key, 12]),
      'a key that is no timestamp': (sort: string) => cursorOf([sort, 'yesterday', NOWHERE]),
      'an out-of-range bigint id': (sort: string, key: unknown) => cursorOf([sort, key, '99999999999999999999999']),
      'a NUL in the key': (sort: string) => cursorOf([sort, 'a\u0000', NOWHERE]),
    };
    const routes: Array<[string, () => string, string, unknown]> = [
      ['contacts by name', () => '/api/contacts', 'name', 'ada'],
      ['contacts by update time', () => '/api/contacts?sort=-updatedAt', '-updatedAt', '2026-01-02 10:00:00+00'],
      ['the API log', () => '/api/api-log', 'newest', '2026-01-02 10:00:00+00'],
      ['sync runs', () => '/api/sync/runs', 'runs', '2026-01-02 10:00:00+00'],
      ['run records', () => `/api/sync/runs/${runId}/records`, 'records', null],
      ['interactions', () => `/api/contacts/${contactId}/interactions`, 'interactions', '2026-01-02 10:00:00+00'],
    ];
    for (const [route, path, sort, key] of routes) {
      it(`answers 400 naming the cursor for crafted cursors on ${route}`, async () => {
        for (const [what, make] of Object.entries(crafted)) {
          if (what === 'a key that is no timestamp' && key === 'ada') continue; // any text is a name key
          const url = path();
          const response = await agent.get(url).query({ cursor: make(sort, key) });
          expect({ what, status: response.status, fields: response.body.fields }).toEqual({
            what,
            status: 400,
            fields: [{ field: 'cursor', message: expect.any(String) }],
          });
        }
      });
    }
  });

  describe('control characters', () => {
    it.each([
      ['firstName', { firstName: 'Ada\u0000' }],
      ['email', { email: 'ada\u0000@example.com' }],
      ['lastName', { lastName: 'Love\u0007lace' }],
    ])('refuses a NUL or other control character in %s and writes nothing', async (field, body) => {
      const before = await contactCount();
      const response = await agent.post('/api/contacts').send(body).expect(400);
      expect(response.body.fields).toEqual([{ field, message: expect.stringMatching(/control characters/) }]);
      expect(await contactCount()).toBe(before);
    });

    it('refuses a NUL in search text', async () => {
      const response = await agent.get('/api/contacts').query({ q: 'ad\u0000a' }).expect(400);
      expect(response.body.fields).toEqual([{ field: 'q', message: expect.stringMatching(/control characters/) }]);
      await agent.get('/api/api-log').query({ q: '\u0000' }).expect(400);
    });
  });

  describe('JSON shape', () => {
    it('refuses deeply nested JSON with a 400', async () => {
      let nested = '"deep"';
      for (let level = 0; level < 5000; level++) nested = `{"a":${nested}}`;
      const response = await agent
        .post('/api/bulk-memberships/preview')
        .set('Content-Type', 'application/json')
        .send(`{"selection":${nested},"target":{"newListName":"x"}}`)
        .expect(400);
      expect(response.body.fields).toEqual([{ field: 'selection.a.a.a.a.a.a.a', message: 'is nested too deeply (at most 8 levels)' }]);
      let arrays = '1';
      for (let level = 0; level < 100_000; level++) arrays = `[${arrays}]`;
      await agent.patch('/api/settings').set('Content-Type', 'application/json').send(`{"schedules":${arrays}}`).expect(400);
    });

    it.each(['__proto__', 'constructor', 'prototype'])('refuses a "%s" key, top-level or nested, and writes nothing', async (key) => {
      const before = await contactCount();
      const top = await agent
        .post('/api/contacts')
        .set('Content-Type', 'application/json')
        .send(`{"firstName":"Eve","${key}":{"isAdmin":true}}`)
        .expect(400);
      expect(top.body.fields).toEqual([{ field: key, message: 'is not an allowed field name' }]);
      const nested = await agent
        .patch('/api/settings')
        .set('Content-Type', 'application/json')
        .send(`{"schedules":{"${key}":{"x":1}}}`)
        .expect(400);
      expect(nested.body.fields).toEqual([{ field: `schedules.${key}`, message: 'is not an allowed field name' }]);
      expect(await contactCount()).toBe(before);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it('refuses a prototype key in the query string', async () => {
      const response = await agent.get('/api/contacts?__proto__=x').expect(400);
      expect(response.body.fields).toEqual([{ field: '__proto__', message: 'is not an allowed parameter name' }]);
    });
  });

  describe('messages that say what is wrong', () => {
    it('says an array firstName must be a string (not that it is too long)', async () => {
      const response = await agent
        .post('/api/contacts')
        .send({ firstName: ['Ada', 'Eve'] })
        .expect(400);
      expect(response.body.fields).toEqual([{ field: 'firstName', message: 'must be a string' }]);
    });

    it('says limit=-5 is too small (not too large)', async () => {
      for (const path of ['/api/contacts', '/api/api-log', '/api/sync/runs', `/api/contacts/${contactId}/interactions`]) {
        const response = await agent.get(path).query({ limit: '-5' }).expect(400);
        expect(response.body.fields).toEqual([{ field: 'limit', message: 'must not be less than 1' }]);
      }
    });

    it('says a repeated query parameter must be given once', async () => {
      const response = await agent.get('/api/contacts?q=a&q=b').expect(400);
      expect(response.body.fields).toEqual([{ field: 'q', message: 'must be given once' }]);
    });

    it('says a nested object sent as text must be an object', async () => {
      const response = await agent
        .post('/api/bulk-memberships/preview')
        .send({ selection: 'everyone', target: { newListName: 'x' } })
        .expect(400);
      expect(response.body.fields).toEqual([{ field: 'selection', message: 'must be an object' }]);
    });

    it('refuses the phone number "abc" and accepts a real one', async () => {
      const response = await agent.post('/api/contacts').send({ firstName: 'Phone', phone: 'abc' }).expect(400);
      expect(response.body.fields).toEqual([{ field: 'phone', message: expect.stringMatching(/must be a phone number/) }]);
      await agent.patch(`/api/contacts/${contactId}`).send({ phone: '12' }).expect(400);
      await agent.patch(`/api/contacts/${contactId}`).send({ phone: '+1 202-555-0143' }).expect(200);
    });

    it('answers 400 naming the id for an API-log id that is not a number', async () => {
      const response = await agent.get('/api/api-log/abc').expect(400);
      expect(response.body.fields).toEqual([{ field: 'id', message: 'must be a positive whole number' }]);
    });

    it('never quotes the body back in a malformed-JSON answer', async () => {
      const response = await agent.post('/api/contacts').set('Content-Type', 'application/json').send('{"email": <script>').expect(400);
      expect(response.body.message).toBe('Malformed JSON body');
    });
  });

  it('without PUBLIC_URL, refuses a state-changing request from another origin than the one it was sent to', async () => {
    const response = await agent.post('/api/contacts').set('Origin', 'http://127.0.0.1:1').send({ firstName: 'Other port' });
    expect(response.status).toBe(403);
  });
});
