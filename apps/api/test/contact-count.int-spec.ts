import type { ContactCountDto } from '@ctct/shared-types';
import type request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

type Agent = ReturnType<typeof request.agent>;

/** GET /api/contacts/count: the "1–50 of 2,000" of the contacts list, cheap on a big table. */
describe('contact count (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let agent: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    agent = await t.signedIn();
    await t.dataSource.query('DELETE FROM contacts');
    // 130 contacts, a quarter of each type, every tenth Do Not Email, every third linked; one deleted.
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, last_name, type, do_not_email, ctct_contact_id)
       SELECT 'person' || i || '@count.example', 'First' || i, 'Last' || i,
              (ARRAY['customer', 'supplier', 'lead', 'other'])[1 + i % 4], i % 10 = 0, CASE WHEN i % 3 = 0 THEN gen_random_uuid() END
         FROM generate_series(0, 129) AS i`,
    );
    await t.dataSource.query(`UPDATE contacts SET deleted_at = now() WHERE email = 'person1@count.example'`);
  });
  afterAll(() => t.close());

  const count = async (query: Record<string, string | boolean> = {}): Promise<ContactCountDto> =>
    (await agent.get('/api/contacts/count').query(query).expect(200)).body;

  it('counts the live contacts that match the same filters as the search', async () => {
    expect(await count()).toEqual({ count: 129, kind: 'exact' });
    expect(await count({ type: 'supplier' })).toEqual({ count: 32, kind: 'exact' });
    expect(await count({ doNotEmail: true, linked: true })).toEqual({ count: 5, kind: 'exact' });
    expect(await count({ q: 'first12' })).toEqual({ count: 11, kind: 'exact' });
    const searched = await agent.get('/api/contacts').query({ type: 'lead', linked: false, limit: 200 }).expect(200);
    expect(await count({ type: 'lead', linked: false })).toEqual({ count: searched.body.items.length, kind: 'exact' });
  });

  it('refuses paging and bad filters naming them', async () => {
    const response = await agent.get('/api/contacts/count').query({ linked: 'maybe', cursor: 'x' }).expect(400);
    expect(response.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(['cursor', 'linked']);
  });

  it('stops counting at 10,000: "at least" with a filter, the table estimate without one', async () => {
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, type)
       SELECT 'bulk' || i || '@count.example', 'Bulk', 'lead' FROM generate_series(1, 10500) AS i`,
    );
    await t.dataSource.query('ANALYZE contacts');
    expect(await count({ type: 'lead' })).toEqual({ count: 10_000, kind: 'atLeast' });
    const all = await count();
    expect(all.kind).toBe('estimate');
    expect(all.count).toBeGreaterThan(10_000);
    expect(Math.abs(all.count - 10_631)).toBeLessThan(1_000);
  });
});
