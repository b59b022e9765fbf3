import type { ContactDto, Page } from '@ctct/shared-types';
import type request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

describe('contacts API (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let agent: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.signedIn();
  });
  afterAll(() => t.close());

  async function create(body: Record<string, unknown>): Promise<ContactDto> {
    const response = await agent.post('/api/contacts').send(body).expect(201);
    return response.body.contact;
  }

  async function countRows(): Promise<number> {
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM contacts');
    return count;
  }

  it('creates a contact with a trimmed email and reads it back', async () => {
    const created = await create({ email: '  Ada.Lovelace@Example.com ', firstName: 'Ada', lastName: 'Lovelace', type: 'customer' });
    expect(created).toMatchObject({
      email: 'Ada.Lovelace@Example.com',
      firstName: 'Ada',
      type: 'customer',
      doNotEmail: false,
      ctctContactId: null,
    });
    const read = await agent.get(`/api/contacts/${created.id}`).expect(200);
    expect(read.body).toEqual(created);
  });

  it('refuses a bad email, an unknown field and a too-long value, naming each field, and writes nothing', async () => {
    const before = await countRows();
    const response = await agent
      .post('/api/contacts')
      .send({ email: 'not-an-email', nickname: 'x', lastName: 'x'.repeat(101), type: 'partner' })
      .expect(400);
    const fields = response.body.fields.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['email', 'lastName', 'nickname', 'type']);
    expect(await countRows()).toBe(before);
  });

  it('leaves a contact unchanged when an update is refused', async () => {
    const contact = await create({ email: 'grace@example.com', firstName: 'Grace' });
    await agent.patch(`/api/contacts/${contact.id}`).send({ firstName: 'Changed', email: 'broken@' }).expect(400);
    const read = await agent.get(`/api/contacts/${contact.id}`).expect(200);
    expect(read.body.firstName).toBe('Grace');
  });

  it('updates only the fields sent, including the Do Not Email flag', async () => {
    const contact = await create({ email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', jobTitle: 'Mathematician' });
    const response = await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: true }).expect(200);
    expect(response.body.contact).toMatchObject({ doNotEmail: true, firstName: 'Alan', lastName: 'Turing', jobTitle: 'Mathematician' });
    expect(new Date(response.body.contact.updatedAt).getTime()).toBeGreaterThan(new Date(contact.updatedAt).getTime());
  });

  it('refuses null for Do Not Email and an empty update', async () => {
    const contact = await create({ email: 'null@example.com' });
    const response = await agent.patch(`/api/contacts/${contact.id}`).send({ doNotEmail: null }).expect(400);
    expect(response.body.fields).toEqual([{ field: 'doNotEmail', message: 'must be true or false' }]);
    await agent.patch(`/api/contacts/${contact.id}`).send({}).expect(400);
  });

  it('accepts a duplicate email but says which contacts share it', async () => {
    const first = await create({ email: 'shared@example.com', firstName: 'One' });
    const response = await agent.post('/api/contacts').send({ email: ' SHARED@example.com', firstName: 'Two' }).expect(201);
    expect(response.body.duplicateEmailContactIds).toEqual([first.id]);
  });

  it('soft-deletes: the contact disappears from reads and searches but its row stays', async () => {
    const contact = await create({ email: 'gone@example.com', lastName: 'Gone' });
    await agent.delete(`/api/contacts/${contact.id}`).expect(204);
    await agent.get(`/api/contacts/${contact.id}`).expect(404);
    await agent.delete(`/api/contacts/${contact.id}`).expect(404);
    const search = await agent.get('/api/contacts').query({ q: 'gone@example.com' }).expect(200);
    expect(search.body.items).toEqual([]);
    const [row] = await t.dataSource.query('SELECT deleted_at FROM contacts WHERE id = $1', [contact.id]);
    expect(row.deleted_at).toBeInstanceOf(Date);
  });

  it('answers a malformed id with 400 naming the id', async () => {
    const response = await agent.get('/api/contacts/12345').expect(400);
    expect(response.body.fields).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  describe('search', () => {
    beforeAll(async () => {
      await t.dataSource.query('DELETE FROM contacts');
      const values: string[] = [];
      const params: unknown[] = [];
      for (let index = 0; index < 130; index++) {
        const type = ['customer', 'supplier', 'lead', 'other'][index % 4];
        params.push(
          `person${index}@search.example`,
          `First${index}`,
          `Last${String(index).padStart(3, '0')}`,
          type,
          index % 10 === 0,
          index % 3 === 0 ? crypto.randomUUID() : null,
        );
        const base = params.length - 6;
        values.push(
          `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, now() - interval '${index} seconds')`,
        );
      }
      await t.dataSource.query(
        `INSERT INTO contacts (email, first_name, last_name, type, do_not_email, ctct_contact_id, updated_at) VALUES ${values.join(', ')}`,
        params,
      );
    });

    async function allPages(query: Record<string, string | number | boolean>): Promise<ContactDto[]> {
      const seen: ContactDto[] = [];
      let cursor: string | null = null;
      do {
        const response = await agent
          .get('/api/contacts')
          .query({ ...query, ...(cursor ? { cursor } : {}) })
          .expect(200);
        const page = response.body as Page<ContactDto>;
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    }

    it('pages by cursor, 50 a page by default, with no row repeated or skipped', async () => {
      const first = await agent.get('/api/contacts').expect(200);
      expect(first.body.items).toHaveLength(50);
      const all = await allPages({});
      expect(all).toHaveLength(130);
      expect(new Set(all.map((contact) => contact.id)).size).toBe(130);
      const names = all.map((contact) => contact.lastName);
      expect(names).toEqual([...names].sort());
    });

    it('sorts by most recently updated, across pages', async () => {
      const all = await allPages({ sort: '-updatedAt', limit: 40 });
      const times = all.map((contact) => new Date(contact.updatedAt).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(all[0].lastName).toBe('Last000');
    });

    it('filters by text, type, Do Not Email and link to Constant Contact', async () => {
      const byText = await agent.get('/api/contacts').query({ q: 'first12' }).expect(200);
      expect(byText.body.items.map((contact: ContactDto) => contact.firstName).sort()).toEqual([
        'First12',
        'First120',
        'First121',
        'First122',
        'First123',
        'First124',
        'First125',
        'First126',
        'First127',
        'First128',
        'First129',
      ]);
      const suppliers = await allPages({ type: 'supplier' });
      expect(suppliers.every((contact) => contact.type === 'supplier')).toBe(true);
      expect(suppliers).toHaveLength(33);
      const optedOut = await allPages({ doNotEmail: true });
      expect(optedOut).toHaveLength(13);
      const linked = await allPages({ linked: true });
      expect(linked.every((contact) => contact.ctctContactId)).toBe(true);
      expect(linked).toHaveLength(44);
      const unlinked = await allPages({ linked: false, type: 'customer' });
      expect(unlinked.every((contact) => !contact.ctctContactId && contact.type === 'customer')).toBe(true);
    });

    it('treats LIKE wildcards in the search text literally', async () => {
      const response = await agent.get('/api/contacts').query({ q: '%' }).expect(200);
      expect(response.body.items).toEqual([]);
    });

    it('refuses bad query parameters naming them', async () => {
      const response = await agent.get('/api/contacts').query({ limit: 500, sort: 'email', linked: 'maybe' }).expect(400);
      expect(response.body.fields.map((error: { field: string }) => error.field).sort()).toEqual(['limit', 'linked', 'sort']);
      const badCursor = await agent.get('/api/contacts').query({ cursor: 'garbage' }).expect(400);
      expect(badCursor.body.fields[0].field).toBe('cursor');
    });
  });

  describe('text search beyond the first rows of the order', () => {
    // More contacts than the search's first window (TEXT_SEARCH_WINDOW, 10,000), so both of its plans answer here.
    const COUNT = 12_000;

    beforeAll(async () => {
      await t.dataSource.query('DELETE FROM contacts');
      await t.dataSource.query(
        `INSERT INTO contacts (email, first_name, last_name, job_title, type)
         SELECT 'p' || i || '@' || CASE WHEN i % 10 = 0 THEN 'common' ELSE 'rare' || i END || '.example',
                'First' || i, CASE WHEN i >= $1 - 4 THEN 'Zyx' ELSE 'Last' || lpad(i::text, 5, '0') END,
                CASE WHEN i = 7 THEN 'Pastry Chef' END, 'lead'
           FROM generate_series(0, $1 - 1) AS i`,
        [COUNT],
      );
      await t.dataSource.query(
        `INSERT INTO contacts (email, first_name, last_name, job_title) VALUES ('ann@lee.example', 'Ann', 'Lee', 'Chef')`,
      );
    });

    async function everyMatch(query: Record<string, string>): Promise<ContactDto[]> {
      const seen: ContactDto[] = [];
      let cursor: string | null = null;
      do {
        const response = await agent
          .get('/api/contacts')
          .query({ ...query, ...(cursor ? { cursor } : {}) })
          .expect(200);
        const page = response.body as Page<ContactDto>;
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    }

    it('finds a common term page by page, in order, as many as the table holds', async () => {
      const found = await everyMatch({ q: 'COMMON.example', limit: '100' });
      expect(found).toHaveLength(COUNT / 10);
      const names = found.map((contact) => contact.lastName!);
      expect(names).toEqual([...names].sort());
      expect(new Set(found.map((contact) => contact.id)).size).toBe(found.length);
    });

    it('finds matches that sort after the first 10,000 contacts, in both directions', async () => {
      expect((await everyMatch({ q: 'zyx' })).map((contact) => contact.firstName)).toEqual([
        'First11996',
        'First11997',
        'First11998',
        'First11999',
      ]);
      expect((await everyMatch({ q: 'zyx', sort: '-name', limit: '2' })).map((contact) => contact.firstName)).toEqual([
        'First11999',
        'First11998',
        'First11997',
        'First11996',
      ]);
    });

    it('follows every change to a contact: renamed, retyped, opted out, linked, deleted, sorted by update time', async () => {
      const found = async (query: Record<string, string>) =>
        (await everyMatch(query)).map((contact) => `${contact.firstName} ${contact.lastName}`);
      const contact = await create({ email: 'q1@tern.example', firstName: 'Quentin', lastName: 'Quill', type: 'lead' });
      expect(await found({ q: 'quill' })).toEqual(['Quentin Quill']);

      await agent.patch(`/api/contacts/${contact.id}`).send({ lastName: 'Plume' }).expect(200);
      expect(await found({ q: 'quill' })).toEqual([]);
      expect(await found({ q: 'plume' })).toEqual(['Quentin Plume']);

      await agent.patch(`/api/contacts/${contact.id}`).send({ type: 'supplier', doNotEmail: true }).expect(200);
      expect(await found({ q: 'plume', type: 'lead' })).toEqual([]);
      expect(await found({ q: 'plume', type: 'supplier', doNotEmail: 'true' })).toEqual(['Quentin Plume']);
      expect(await found({ q: 'plume', doNotEmail: 'false' })).toEqual([]);

      expect(await found({ q: 'plume', linked: 'true' })).toEqual([]);
      await t.dataSource.query('UPDATE contacts SET ctct_contact_id = gen_random_uuid() WHERE id = $1', [contact.id]);
      expect(await found({ q: 'plume', linked: 'true' })).toEqual(['Quentin Plume']);
      expect(await found({ q: 'plume', linked: 'true', sort: '-updatedAt' })).toEqual(['Quentin Plume']);

      await agent.delete(`/api/contacts/${contact.id}`).expect(204);
      expect(await found({ q: 'plume' })).toEqual([]);
      // Restored by hand (no screen does it), then deleted outright: the search follows both.
      await t.dataSource.query('UPDATE contacts SET deleted_at = NULL WHERE id = $1', [contact.id]);
      expect(await found({ q: 'plume', sort: 'updatedAt' })).toEqual(['Quentin Plume']);
      await t.dataSource.query('DELETE FROM contacts WHERE id = $1', [contact.id]);
      expect(await found({ q: 'plume' })).toEqual([]);
    });

    it('matches the email, either name, "first last" and the job title, but never across two fields', async () => {
      const names = async (q: string) => (await everyMatch({ q })).map((contact) => `${contact.firstName} ${contact.lastName}`);
      expect(await names('ann lee')).toEqual(['Ann Lee']);
      expect(await names('Pastry')).toEqual(['First7 Last00007']);
      expect(await names('lee.example')).toEqual(['Ann Lee']);
      expect(await names('chef')).toEqual(['First7 Last00007', 'Ann Lee']);
      expect(await names('lee chef')).toEqual([]);
      expect(await names('example ann')).toEqual([]);
    });
  });
});
