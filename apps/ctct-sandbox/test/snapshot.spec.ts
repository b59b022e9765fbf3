import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createSandbox } from '../src';
import { createContact, createList, testSandbox } from './helpers';

describe('snapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctct-sandbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restores contacts, lists, campaigns, engagement and live tokens from a file', async () => {
    const t = testSandbox({ scenario: { seed: 'snap', contacts: 800, lists: 3, campaigns: 2 } });
    const list = await createList(t, 'Added later');
    const c = await createContact(t, 'later@example.com', { list_memberships: [list] });
    const file = join(dir, 'state.json');
    const before = (await t.get('/v3/reports/summary_reports/email_campaign_summaries')).body;
    const { bytes } = await t.sandbox.control.snapshot(file);
    expect(bytes).toBeGreaterThan(1000);

    const fresh = createSandbox({ rateLimit: false });
    const restored = await request(fresh.app).post('/__sandbox/restore').send({ file });
    expect(restored.status).toBe(204);
    const agent = request(fresh.app);
    const auth = `Bearer ${t.token}`; // the old token still works after the restore
    expect(
      (await agent.get(`/v3/contacts/${c.contact_id}?include=list_memberships`).set('Authorization', auth)).body.list_memberships,
    ).toEqual([list]);
    expect((await agent.get('/v3/reports/summary_reports/email_campaign_summaries').set('Authorization', auth)).body).toEqual(before);
    const count = await agent.get('/v3/contacts?status=all&include_count=true&limit=1').set('Authorization', auth);
    expect(count.body.contacts_count).toBe(801);
    expect(
      (
        await agent
          .post('/v3/contacts')
          .set('Authorization', auth)
          .send({ email_address: { address: 'LATER@example.com' }, create_source: 'Account' })
      ).status,
    ).toBe(409);
  });
});
