import { collectPages, createContact, createList, testSandbox } from './helpers';

describe('contact lists', () => {
  it('creates, reads, renames and counts lists; duplicate names are 409', async () => {
    const t = testSandbox();
    const id = await createList(t, 'Customers');
    expect((await t.post('/v3/contact_lists', { name: 'Customers' })).status).toBe(409);
    await createContact(t, 'a@example.com', { list_memberships: [id] });
    const b = await createContact(t, 'b@example.com', { list_memberships: [id] });
    await t.put(`/v3/contacts/${b.contact_id}`, {
      email_address: { address: 'b@example.com', permission_to_send: 'unsubscribed' },
      list_memberships: [id],
      update_source: 'Contact',
    });
    expect((await t.get(`/v3/contact_lists/${id}?include_membership_count=all`)).body.membership_count).toBe(2);
    expect((await t.get(`/v3/contact_lists/${id}?include_membership_count=active`)).body.membership_count).toBe(1);
    const renamed = await t.put(`/v3/contact_lists/${id}`, { name: 'Clients', favorite: true });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ list_id: id, name: 'Clients', favorite: true });
    const listed = await t.get('/v3/contact_lists?include_count=true&include_membership_count=all');
    expect(listed.body.lists_count).toBe(1);
    expect(listed.body.lists[0]).toMatchObject({ name: 'Clients', membership_count: 2 });
    expect((await t.get('/v3/contact_lists?name=Clients')).body.lists).toHaveLength(1);
  });

  it('deletes a list asynchronously (202 with an activity) and removes its memberships', async () => {
    const t = testSandbox({ activityProcessingDelayMs: 40 });
    const id = await createList(t, 'Temp');
    await createContact(t, 'a@example.com', { list_memberships: [id] });
    const res = await t.del(`/v3/contact_lists/${id}`);
    expect(res.status).toBe(202);
    expect(res.body._links.self.href).toBe(`/v3/activities/${res.body.activity_id}`);
    expect(t.sandbox.control.listMembers(id)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 80));
    expect((await t.get(res.body._links.self.href)).body.state).toBe('completed');
    expect(t.sandbox.control.listMembers(id)).toHaveLength(0);
    expect((await t.get('/v3/contact_lists')).body.lists).toHaveLength(0);
    expect((await t.get('/v3/contact_lists?status=deleted')).body.lists[0].deleted_at).toEqual(expect.any(String));
    expect((await t.put(`/v3/contact_lists/${id}`, { name: 'Again' })).status).toBe(404);
  });

  it('allows at most 1,000 lists per account and pages through them', async () => {
    const t = testSandbox();
    const ids = await Promise.all(Array.from({ length: 1000 }, (_, i) => t.post('/v3/contact_lists', { name: `List ${i}` })));
    expect(ids.every((r) => r.status === 201)).toBe(true);
    const over = await t.post('/v3/contact_lists', { name: 'One too many' });
    expect(over.status).toBe(400);
    expect(over.body[0].error_message).toContain('1000');
    const pages = await collectPages(t, '/v3/contact_lists?limit=300', 'lists');
    expect(pages.items).toHaveLength(1000);
    expect(pages.pages).toBe(4);
  });

  it('refuses a missing or over-long name and an out-of-range limit with 400', async () => {
    const t = testSandbox();
    expect((await t.post('/v3/contact_lists', {})).status).toBe(400);
    expect((await t.post('/v3/contact_lists', { name: 'x'.repeat(256) })).status).toBe(400);
    expect((await t.get('/v3/contact_lists?limit=1001')).status).toBe(400);
    expect((await t.get('/v3/contact_lists?status=gone')).status).toBe(400);
  });
});
