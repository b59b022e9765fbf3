import { collectPages, createContact, createList, testSandbox } from './helpers';

describe('contacts', () => {
  it('creates a contact and answers 409 for an existing email, whatever its case, deleted contacts included', async () => {
    const t = testSandbox();
    const created = await createContact(t, 'Ann@Example.com', { first_name: 'Ann' });
    expect(created.email_address).toMatchObject({ address: 'Ann@Example.com', permission_to_send: 'implicit', opt_in_source: 'Account' });
    const dup = await t.post('/v3/contacts', { email_address: { address: 'ann@example.com' }, create_source: 'Account' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual([{ error_key: 'contacts.api.conflict', error_message: 'Validation failed: EmailAddress is not unique' }]);
    expect((await t.del(`/v3/contacts/${created.contact_id}`)).status).toBe(204);
    const afterDelete = await t.post('/v3/contacts', { email_address: { address: 'ann@example.com' }, create_source: 'Account' });
    expect(afterDelete.status).toBe(409);
  });

  it('refuses a bad email address, a missing create_source and over-long names with 400 naming the field', async () => {
    const t = testSandbox();
    const bad = await t.post('/v3/contacts', { email_address: { address: 'not-an-email' }, create_source: 'Account' });
    expect(bad.status).toBe(400);
    expect(bad.body[0].error_message).toContain('email_address.address');
    const noSource = await t.post('/v3/contacts', { email_address: { address: 'a@example.com' } });
    expect(noSource.status).toBe(400);
    expect(noSource.body[0].error_message).toContain('create_source');
    const longName = await t.post('/v3/contacts', { first_name: 'x'.repeat(51), create_source: 'Account' });
    expect(longName.status).toBe(400);
    expect(longName.body[0].error_message).toContain('first_name');
  });

  it('answers 415 to a non-JSON body and 400 to malformed JSON', async () => {
    const t = testSandbox();
    const text = await t.post('/v3/contacts').set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    const malformed = await t.post('/v3/contacts').set('Content-Type', 'application/json').send('{"a":');
    expect(malformed.status).toBe(400);
  });

  it('PUT clears omitted core fields but keeps omitted sub-resources', async () => {
    const t = testSandbox();
    const list = await createList(t, 'Customers');
    const c = await createContact(t, 'bob@example.com', {
      first_name: 'Bob',
      last_name: 'Jones',
      job_title: 'Buyer',
      list_memberships: [list],
      phone_numbers: [{ phone_number: '555-0100', kind: 'work' }],
    });
    const put = await t.put(`/v3/contacts/${c.contact_id}`, {
      email_address: { address: 'bob@example.com' },
      first_name: 'Robert',
      update_source: 'Account',
    });
    expect(put.status).toBe(200);
    const got = await t.get(`/v3/contacts/${c.contact_id}?include=list_memberships,phone_numbers`);
    expect(got.body.first_name).toBe('Robert');
    expect(got.body.last_name).toBeUndefined();
    expect(got.body.job_title).toBeUndefined();
    expect(got.body.list_memberships).toEqual([list]);
    expect(got.body.phone_numbers).toHaveLength(1);
  });

  it('PUT revives a deleted contact when update_source is Account', async () => {
    const t = testSandbox();
    const c = await createContact(t, 'carl@example.com');
    await t.del(`/v3/contacts/${c.contact_id}`);
    const deleted = await t.get(`/v3/contacts/${c.contact_id}`);
    expect(deleted.body.deleted_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await t.get('/v3/contacts?email=carl@example.com')).body.contacts).toHaveLength(0);
    expect((await t.get('/v3/contacts?email=carl@example.com&status=all')).body.contacts).toHaveLength(1);
    const asContact = await t.put(`/v3/contacts/${c.contact_id}`, {
      email_address: { address: 'carl@example.com' },
      update_source: 'Contact',
    });
    expect(asContact.status).toBe(400);
    const revived = await t.put(`/v3/contacts/${c.contact_id}`, {
      email_address: { address: 'carl@example.com' },
      update_source: 'Account',
    });
    expect(revived.status).toBe(200);
    expect(revived.body.deleted_at).toBeUndefined();
    expect((await t.get('/v3/contacts?email=carl@example.com')).body.contacts).toHaveLength(1);
  });

  it('deleting a contact strips its list memberships; deleting it twice is 404', async () => {
    const t = testSandbox();
    const list = await createList(t, 'L');
    const c = await createContact(t, 'dora@example.com', { list_memberships: [list] });
    await t.del(`/v3/contacts/${c.contact_id}`);
    expect(t.sandbox.control.listMembers(list)).toEqual([]);
    expect((await t.del(`/v3/contacts/${c.contact_id}`)).status).toBe(404);
    expect((await t.get('/v3/contacts/5b3c8d0e-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('unsubscribes by PUT with opt-out source, date and reason; a later create or PUT cannot re-subscribe', async () => {
    const t = testSandbox();
    const c = await createContact(t, 'eve@example.com');
    const unsub = await t.put(`/v3/contacts/${c.contact_id}`, {
      email_address: { address: 'eve@example.com', permission_to_send: 'unsubscribed', opt_out_reason: 'Asked by phone' },
      update_source: 'Contact',
    });
    expect(unsub.body.email_address).toMatchObject({
      permission_to_send: 'unsubscribed',
      opt_out_source: 'Contact',
      opt_out_reason: 'Asked by phone',
      opt_out_date: expect.any(String),
    });
    const again = await t.put(`/v3/contacts/${c.contact_id}`, {
      email_address: { address: 'eve@example.com', permission_to_send: 'explicit' },
      update_source: 'Account',
    });
    expect(again.status).toBe(200);
    expect(again.body.email_address.permission_to_send).toBe('unsubscribed');
    expect(
      (
        await t.post('/v3/contacts', {
          email_address: { address: 'eve@example.com', permission_to_send: 'explicit' },
          create_source: 'Account',
        })
      ).status,
    ).toBe(409);
  });

  it('resubscribe sends one confirmation, adds the lists, and opts in only once the contact confirms', async () => {
    const t = testSandbox();
    const list = await createList(t, 'Newsletter');
    const c = await createContact(t, 'fay@example.com');
    expect((await t.put(`/v3/contacts/resubscribe/${c.contact_id}`, { list_ids: [list] })).status).toBe(400);
    await t.put(`/v3/contacts/${c.contact_id}`, {
      email_address: { address: 'fay@example.com', permission_to_send: 'unsubscribed' },
      update_source: 'Contact',
    });
    const res = await t.put(`/v3/contacts/resubscribe/${c.contact_id}`, { list_ids: [list] });
    expect(res.status).toBe(200);
    expect(t.sandbox.control.listMembers(list)).toEqual([c.contact_id]);
    expect(t.sandbox.control.getContact(c.contact_id)!.email_address.permission_to_send).toBe('unsubscribed');
    expect((await t.put(`/v3/contacts/resubscribe/${c.contact_id}`, { list_ids: [list] })).status).toBe(409);
    t.sandbox.control.confirmResubscribe(c.contact_id);
    expect(t.sandbox.control.getContact(c.contact_id)!.email_address).toMatchObject({
      permission_to_send: 'explicit',
      opt_in_source: 'Contact',
    });
  });

  it('sign_up_form creates (201) or updates (200), appends lists, revives deleted and re-subscribes with explicit consent', async () => {
    const t = testSandbox();
    const a = await createList(t, 'A');
    const b = await createList(t, 'B');
    const created = await t.post('/v3/contacts/sign_up_form', {
      email_address: 'gus@example.com',
      first_name: 'Gus',
      list_memberships: [a],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ contact_id: expect.any(String), action: 'created' });
    const id = created.body.contact_id;
    expect(t.sandbox.control.getContact(id)!.email_address).toMatchObject({ permission_to_send: 'explicit', opt_in_source: 'Contact' });
    await t.put(`/v3/contacts/${id}`, {
      email_address: { address: 'gus@example.com', permission_to_send: 'unsubscribed' },
      first_name: 'Gus',
      update_source: 'Contact',
    });
    await t.del(`/v3/contacts/${id}`);
    const updated = await t.post('/v3/contacts/sign_up_form', {
      email_address: 'GUS@example.com',
      last_name: 'Grey',
      list_memberships: [b],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ contact_id: id, action: 'updated' });
    const contact = t.sandbox.control.getContact(id)!;
    expect(contact.deleted_at).toBeUndefined();
    expect(contact.email_address.permission_to_send).toBe('explicit');
    expect(contact.first_name).toBe('Gus');
    expect(contact.last_name).toBe('Grey');
    expect(contact.list_memberships).toEqual([b]);
    const noLists = await t.post('/v3/contacts/sign_up_form', { email_address: 'h@example.com' });
    expect(noLists.status).toBe(400);
    expect(noLists.body[0].error_message).toContain('list_memberships');
  });

  it('a contact can be on at most 50 lists', async () => {
    const t = testSandbox();
    const lists: string[] = [];
    for (let i = 0; i < 51; i++) lists.push(await createList(t, `L${i}`));
    const tooMany = await t.post('/v3/contacts', {
      email_address: { address: 'x@example.com' },
      create_source: 'Account',
      list_memberships: lists,
    });
    expect(tooMany.status).toBe(400);
    const c = await createContact(t, 'x@example.com', { list_memberships: lists.slice(0, 50) });
    const signUp = await t.post('/v3/contacts/sign_up_form', { email_address: 'x@example.com', list_memberships: [lists[50]] });
    expect(signUp.status).toBe(400);
    expect(t.sandbox.control.getContact(c.contact_id)!.list_memberships).toHaveLength(50);
  });

  describe('listing', () => {
    async function seeded() {
      const t = testSandbox();
      const list = await createList(t, 'Members');
      for (let i = 0; i < 23; i++) await createContact(t, `p${i}@example.com`, i % 2 ? { list_memberships: [list] } : {});
      return { t, list };
    }

    it('pages with an opaque _links.next cursor that carries the limit and filters', async () => {
      const { t, list } = await seeded();
      const first = await t.get(`/v3/contacts?limit=5&lists=${list}&include=list_memberships&include_count=true`);
      expect(first.body.contacts).toHaveLength(5);
      expect(first.body.contacts_count).toBe(11);
      expect(first.body._links.next.href).toMatch(/^\/v3\/contacts\?cursor=/);
      const all = await collectPages(t, `/v3/contacts?limit=5&lists=${list}&include=list_memberships`, 'contacts');
      expect(all.items).toHaveLength(11);
      expect(all.pages).toBe(3);
      expect(new Set(all.items.map((c) => c.contact_id)).size).toBe(11);
      expect(all.items.every((c) => c.list_memberships.includes(list))).toBe(true);
    });

    it('filters by email (the lower-cased address only), status and updated_after', async () => {
      const { t } = await seeded();
      expect((await t.get('/v3/contacts?email=p3@example.com')).body.contacts).toHaveLength(1);
      expect((await t.get('/v3/contacts?email=P3@EXAMPLE.com')).body.contacts).toHaveLength(0);
      const c = t.sandbox.control.findContactByEmail('p4@example.com')!;
      await t.put(`/v3/contacts/${c.contact_id}`, {
        email_address: { address: 'p4@example.com', permission_to_send: 'unsubscribed' },
        update_source: 'Contact',
      });
      const unsub = await t.get('/v3/contacts?status=unsubscribed');
      expect(unsub.body.contacts.map((x: { contact_id: string }) => x.contact_id)).toEqual([c.contact_id]);
      await t.del(`/v3/contacts/${t.sandbox.control.findContactByEmail('p5@example.com')!.contact_id}`);
      expect((await t.get('/v3/contacts?status=deleted')).body.contacts).toHaveLength(1);
      expect((await t.get('/v3/contacts?status=all&limit=500')).body.contacts).toHaveLength(23);
      expect((await t.get('/v3/contacts?limit=500')).body.contacts).toHaveLength(22);
      const since = new Date(Date.now() + 60_000).toISOString();
      t.sandbox.control.setClockOffsetMs(120_000);
      await t.put(`/v3/contacts/${t.sandbox.control.findContactByEmail('p6@example.com')!.contact_id}`, {
        email_address: { address: 'p6@example.com' },
        update_source: 'Account',
      });
      const changed = await t.get(`/v3/contacts?updated_after=${since}`);
      expect(changed.body.contacts.map((x: { email_address: { address: string } }) => x.email_address.address)).toEqual(['p6@example.com']);
      const optedOut = await t.get('/v3/contacts?optout_after=2000-01-01T00:00:00Z&status=all');
      expect(optedOut.body.contacts).toHaveLength(1);
      expect((await t.get(`/v3/contacts?created_after=${since}`)).body.contacts).toHaveLength(0);
    });

    it('refuses limits outside 1–500, unknown statuses and bad dates with 400', async () => {
      const { t } = await seeded();
      for (const q of ['limit=0', 'limit=501', 'limit=abc', 'status=gone', 'updated_after=yesterday', 'include=everything']) {
        const res = await t.get(`/v3/contacts?${q}`);
        expect(res.status).toBe(400);
        expect(res.body[0].error_message).toContain(q.split('=')[0]);
      }
    });
  });
});
