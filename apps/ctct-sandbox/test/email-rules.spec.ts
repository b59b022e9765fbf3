import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createContact, createList, testSandbox } from './helpers';

// The sandbox must be no more lenient than CC about addresses, so that client code that gets them wrong fails in
// tests as it would against CC.
describe('email addresses, as strictly as Constant Contact', () => {
  it('finds a contact by email only when the query is the trimmed, lower-cased address', async () => {
    const t = testSandbox();
    const ann = await createContact(t, 'Ann.Lee@Example.com');
    const found = await t.get('/v3/contacts?status=all&email=ann.lee%40example.com');
    expect(found.body.contacts.map((c: { contact_id: string }) => c.contact_id)).toEqual([ann.contact_id]);
    for (const query of ['Ann.Lee@Example.com', 'ANN.LEE@EXAMPLE.COM', '%20ann.lee@example.com%20']) {
      const res = await t.get(`/v3/contacts?status=all&email=${query}&include_count=true`);
      expect(res.status).toBe(200);
      expect(res.body.contacts).toEqual([]);
      expect(res.body.contacts_count).toBe(0);
    }
  });

  it('purges a deleted contact so the address can be created again under a new id', async () => {
    const t = testSandbox();
    const first = await createContact(t, 'back@example.com');
    const live = await t.raw.post(`/__sandbox/contacts/${first.contact_id}/purge`);
    expect(live.status).toBe(409);
    expect((await t.del(`/v3/contacts/${first.contact_id}`)).status).toBe(204);
    expect((await t.post('/v3/contacts', { email_address: { address: 'back@example.com' }, create_source: 'Account' })).status).toBe(409);

    expect((await t.raw.post(`/__sandbox/contacts/${first.contact_id}/purge`)).status).toBe(204);
    expect((await t.get(`/v3/contacts/${first.contact_id}`)).status).toBe(404);
    const everyone = await t.get('/v3/contacts?status=all&include_count=true');
    expect(everyone.body.contacts).toEqual([]);
    expect(everyone.body.contacts_count).toBe(0);

    const again = await createContact(t, 'back@example.com');
    expect(again.contact_id).not.toBe(first.contact_id);
    const byEmail = await t.get('/v3/contacts?status=all&email=back%40example.com');
    expect(byEmail.body.contacts.map((c: { contact_id: string }) => c.contact_id)).toEqual([again.contact_id]);
  });

  it('keeps a purged contact purged across a snapshot and restore', async () => {
    const t = testSandbox();
    const gone = await createContact(t, 'gone@example.com');
    await t.del(`/v3/contacts/${gone.contact_id}`);
    t.sandbox.control.purgeContact(gone.contact_id);
    const file = `${tmpdir()}/sandbox-purge-${process.pid}.json`;
    await t.sandbox.control.snapshot(file);
    await t.sandbox.control.restore(file);
    expect((await t.get('/v3/contacts?status=all')).body.contacts).toEqual([]);
    expect((await t.get(`/v3/contacts/${gone.contact_id}`)).status).toBe(404);
    rmSync(file, { force: true });
  });

  it('refuses an address over the contract length with 400 in CC’s error shape: 80 on a contact, 50 in an import', async () => {
    const t = testSandbox();
    const list = await createList(t, 'Limits');
    const address = (length: number) => `${'a'.repeat(length - '@example.com'.length)}@example.com`;
    expect((await t.post('/v3/contacts', { email_address: { address: address(80) }, create_source: 'Account' })).status).toBe(201);
    const long = await t.post('/v3/contacts', { email_address: { address: address(81) }, create_source: 'Account' });
    expect(long.status).toBe(400);
    const validationError = { error_key: 'contacts.api.validation.error', error_message: expect.stringContaining('email_address.address') };
    expect(long.body).toEqual([validationError]);

    const rows = [{ email: 'fine@example.com' }, { email: address(51) }];
    const refused = await t.post('/v3/activities/contacts_json_import', { import_data: rows, list_ids: [list] });
    expect(refused.status).toBe(400);
    expect(refused.body[0].error_message).toContain('email');
    // The whole request is refused: not even the valid row is imported.
    expect(t.sandbox.control.findContactByEmail('fine@example.com')).toBeUndefined();
    const accepted = await t.post('/v3/activities/contacts_json_import', { import_data: [{ email: address(50) }], list_ids: [list] });
    expect(accepted.status).toBe(201);

    const signUp = await t.post('/v3/contacts/sign_up_form', { email_address: address(51), list_memberships: [list] });
    expect(signUp.status).toBe(400);
    expect(signUp.body[0].error_key).toBe('contacts.api.validation.error');
  });

  it('refuses a domain that is not in its ASCII form, and accepts the same domain as punycode', async () => {
    const t = testSandbox();
    const unicode = await t.post('/v3/contacts', { email_address: { address: 'ann@bücher.de' }, create_source: 'Account' });
    expect(unicode.status).toBe(400);
    expect(unicode.body[0].error_message).toContain('email_address.address');
    await createContact(t, 'ann@xn--bcher-kva.de');
  });
});
