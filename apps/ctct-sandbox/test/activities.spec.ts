import { createContact, createList, testSandbox } from './helpers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bulk activities', () => {
  it('run asynchronously: initialized, then processing, then completed with their effects', async () => {
    const t = testSandbox({ activityProcessingDelayMs: 100 });
    const list = await createList(t, 'Target');
    const a = await createContact(t, 'a@example.com');
    const res = await t.post('/v3/activities/add_list_memberships', { source: { contact_ids: [a.contact_id] }, list_ids: [list] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'initialized', percent_done: 0, status: { items_total_count: 1, list_count: 1 } });
    expect(t.sandbox.control.listMembers(list)).toEqual([]);
    await sleep(60);
    expect((await t.get(`/v3/activities/${res.body.activity_id}`)).body.state).toBe('processing');
    await sleep(80);
    const done = await t.get(`/v3/activities/${res.body.activity_id}`);
    expect(done.body).toMatchObject({ state: 'completed', percent_done: 100, status: { items_completed_count: 1 } });
    expect(t.sandbox.control.listMembers(list)).toEqual([a.contact_id]);
    const listed = await t.get('/v3/activities?state=completed');
    expect(listed.body.activities.map((x: { activity_id: string }) => x.activity_id)).toContain(res.body.activity_id);
  });

  it('add/remove list memberships take contact ids (≤500) or whole lists, and skip unsubscribed contacts', async () => {
    const t = testSandbox();
    const from = await createList(t, 'From');
    const to = await createList(t, 'To');
    const a = await createContact(t, 'a@example.com', { list_memberships: [from] });
    const u = await createContact(t, 'u@example.com', { list_memberships: [from] });
    await t.put(`/v3/contacts/${u.contact_id}`, {
      email_address: { address: 'u@example.com', permission_to_send: 'unsubscribed' },
      update_source: 'Contact',
    });
    await t.post('/v3/activities/add_list_memberships', { source: { list_ids: [from] }, list_ids: [to] });
    expect(t.sandbox.control.listMembers(to)).toEqual([a.contact_id]);
    await t.post('/v3/activities/remove_list_memberships', { source: { contact_ids: [a.contact_id] }, list_ids: [to] });
    expect(t.sandbox.control.listMembers(to)).toEqual([]);
    const ids = Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const tooMany = await t.post('/v3/activities/add_list_memberships', { source: { contact_ids: ids }, list_ids: [to] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].error_message).toContain('contact_ids');
    const removeTooMany = await t.post('/v3/activities/remove_list_memberships', { source: { contact_ids: ids }, list_ids: [to] });
    expect(removeTooMany.status).toBe(400);
    const twoSources = await t.post('/v3/activities/add_list_memberships', {
      source: { contact_ids: [a.contact_id], list_ids: [from] },
      list_ids: [to],
    });
    expect(twoSources.status).toBe(400);
  });

  it('a membership activity cannot push a contact past 50 lists', async () => {
    const t = testSandbox();
    const lists: string[] = [];
    for (let i = 0; i < 51; i++) lists.push(await createList(t, `L${i}`));
    const c = await createContact(t, 'full@example.com', { list_memberships: lists.slice(0, 50) });
    const res = await t.post('/v3/activities/add_list_memberships', { source: { contact_ids: [c.contact_id] }, list_ids: [lists[50]] });
    const done = await t.get(`/v3/activities/${res.body.activity_id}`);
    expect(done.body.activity_errors[0]).toContain('50 lists');
    expect(t.sandbox.control.getContact(c.contact_id)!.list_memberships).toHaveLength(50);
  });

  it('JSON import creates implicit contacts, updates only supplied fields, keeps unsubscribed contacts out of lists', async () => {
    const t = testSandbox();
    const list = await createList(t, 'Imported');
    const existing = await createContact(t, 'old@example.com', { first_name: 'Old', last_name: 'Name' });
    const unsub = await createContact(t, 'gone@example.com');
    await t.put(`/v3/contacts/${unsub.contact_id}`, {
      email_address: { address: 'gone@example.com', permission_to_send: 'unsubscribed' },
      update_source: 'Contact',
    });
    const res = await t.post('/v3/activities/contacts_json_import', {
      import_data: [
        { email: 'new@example.com', first_name: 'New', phone: '555-0101' },
        { email: 'OLD@example.com', last_name: 'Updated' },
        { email: 'gone@example.com', first_name: 'Gone' },
        { email: 'broken' },
      ],
      list_ids: [list],
    });
    expect(res.status).toBe(201);
    const done = (await t.get(`/v3/activities/${res.body.activity_id}`)).body;
    expect(done.state).toBe('completed');
    expect(done.status).toMatchObject({ items_total_count: 4, person_count: 3, error_count: 1, cannot_add_to_list_count: 1 });
    const created = t.sandbox.control.findContactByEmail('new@example.com')!;
    expect(created.email_address).toMatchObject({ permission_to_send: 'implicit', opt_in_source: 'Account' });
    expect(created.phone_numbers[0].phone_number).toBe('555-0101');
    const updated = t.sandbox.control.getContact(existing.contact_id)!;
    expect(updated).toMatchObject({ first_name: 'Old', last_name: 'Updated' });
    expect(t.sandbox.control.findContactByEmail('gone@example.com')!.email_address.permission_to_send).toBe('unsubscribed');
    expect(new Set(t.sandbox.control.listMembers(list))).toEqual(new Set([created.contact_id, existing.contact_id]));
  });

  it('JSON import refuses more than 40,000 contacts and silently drops data past 4 MB', async () => {
    const t = testSandbox();
    const list = await createList(t, 'Big');
    const rows = (n: number, pad: number) =>
      Array.from({ length: n }, (_, i) => ({ email: `r${i}@example.com`, first_name: 'x'.repeat(pad), last_name: 'y'.repeat(pad) }));
    const tooMany = await t.post('/v3/activities/contacts_json_import', { import_data: rows(40_001, 0), list_ids: [list] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body[0].error_message).toContain('import_data');
    const big = rows(40_000, 50); // ~5.6 MB
    const res = await t.post('/v3/activities/contacts_json_import', { import_data: big, list_ids: [list] });
    expect(res.status).toBe(201);
    expect(res.body.status.items_total_count).toBeLessThan(40_000);
    expect(t.sandbox.control.stats().importRowsDropped).toBe(40_000 - res.body.status.items_total_count);
    expect(t.sandbox.control.listMembers(list)).toHaveLength(res.body.status.items_total_count);
  });

  it('contact_delete soft-deletes contacts given by id or by list', async () => {
    const t = testSandbox();
    const list = await createList(t, 'Doomed');
    const a = await createContact(t, 'a@example.com');
    await createContact(t, 'b@example.com', { list_memberships: [list] });
    await t.post('/v3/activities/contact_delete', { contact_ids: [a.contact_id] });
    const res = await t.post('/v3/activities/contact_delete', { list_ids: [list] });
    expect((await t.get(`/v3/activities/${res.body.activity_id}`)).body.status.items_total_count).toBe(1);
    expect((await t.get('/v3/contacts?status=deleted')).body.contacts).toHaveLength(2);
    expect((await t.post('/v3/activities/contact_delete', {})).status).toBe(400);
  });

  it('answers 404 for an unknown activity', async () => {
    const t = testSandbox();
    expect((await t.get('/v3/activities/6c7a1f3e-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
