import { generateScenario } from '../src';
import { TrackingKind } from '../src/store/tracking.store';
import { testSandbox } from './helpers';

describe('scenario generator', () => {
  it('is deterministic: the same seed gives the same contacts, ids and engagement', () => {
    const a = generateScenario({ seed: 42, contacts: 2000, lists: 5, campaigns: 3 });
    const b = generateScenario({ seed: 42, contacts: 2000, lists: 5, campaigns: 3 });
    expect(a.contacts.contacts.map((c) => [c.id, c.email?.address, c.email?.permission, c.deletedAt])).toEqual(
      b.contacts.contacts.map((c) => [c.id, c.email?.address, c.email?.permission, c.deletedAt]),
    );
    expect(a.summary).toEqual({ ...b.summary, generationMs: a.summary.generationMs });
    expect(Buffer.from(a.tracking.contact.subarray(0, a.tracking.length))).toEqual(
      Buffer.from(b.tracking.contact.subarray(0, b.tracking.length)),
    );
    const c = generateScenario({ seed: 43, contacts: 2000, lists: 5, campaigns: 3 });
    expect(c.contacts.contacts[0].id).not.toBe(a.contacts.contacts[0].id);
  });

  it('produces engagement at the requested rates (within tolerance)', () => {
    const { summary } = generateScenario({ seed: 'rates', contacts: 20_000, lists: 3, campaigns: 4 });
    expect(summary.sends).toBeGreaterThan(10_000);
    expect(summary.opens / summary.sends).toBeCloseTo(0.2, 1);
    expect(Math.abs(summary.clicks / summary.sends - 0.03)).toBeLessThan(0.006);
    expect(Math.abs(summary.bounces / summary.sends - 0.01)).toBeLessThan(0.003);
    expect(Math.abs(summary.optouts / summary.sends - 0.003)).toBeLessThan(0.0015);
  });

  it('sends to every mailable member of the campaign list', () => {
    const g = generateScenario({ seed: 'members', contacts: 1500, lists: 2, campaigns: 1, deletedRate: 0, unsubscribedRate: 0 });
    const campaign = g.campaigns.campaigns[0];
    const activity = campaign.activities[0];
    const listId = activity.listIds[0];
    const mailable = [...g.contacts.memberSeqs(listId)].filter((seq) => {
      const c = g.contacts.contactBySeq(seq);
      return ['explicit', 'implicit'].includes(c.email!.permission) || c.email!.optOutSource === 'Contact';
    });
    const sends = g.tracking.group(activity.index, TrackingKind.Send, g.contacts.contacts.length);
    expect(sends.length).toBe(mailable.filter((seq) => g.contacts.contactBySeq(seq).createdAt <= campaign.lastSentAt!).length);
  });

  it('makes CC contacts for CRM emails with a different case, trimmed, plus unsubscribed and deleted ones', () => {
    const crm = Array.from({ length: 100 }, (_, i) => `  Person.${i}@Example.com `);
    const g = generateScenario({
      seed: 'match',
      contacts: 1000,
      matchEmails: crm,
      matchRatio: 0.5,
      unsubscribedRate: 0.05,
      deletedRate: 0.05,
    });
    expect(g.summary.matched).toBe(50);
    const matched = crm.map((e) => g.contacts.findByEmail(e)).filter(Boolean);
    expect(matched).toHaveLength(50);
    for (const contact of matched) {
      expect(contact!.email!.address).toBe(contact!.email!.address.trim());
    }
    expect(matched.some((c) => !crm.map((e) => e.trim()).includes(c!.email!.address))).toBe(true);
    const unsubscribed = g.contacts.contacts.filter((c) => c.email?.permission === 'unsubscribed');
    expect(unsubscribed.length).toBeGreaterThan(20);
    expect(unsubscribed.every((c) => c.email!.optOutDate && c.email!.optOutSource)).toBe(true);
    expect(g.contacts.contacts.filter((c) => c.deletedAt).length).toBeGreaterThan(20);
  });

  it('loads into a sandbox (POST /__sandbox/scenario) and serves it', async () => {
    const t = testSandbox();
    const res = await t.raw.post('/__sandbox/scenario').send({ seed: 'http', contacts: 500, lists: 3, campaigns: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ contacts: 500, lists: 3 });
    const contacts = await t.get('/v3/contacts?status=all&include_count=true&limit=1');
    expect(contacts.body.contacts_count).toBe(500);
    expect((await t.get('/v3/contacts?status=deleted&include_count=true')).body.contacts_count).toBe(res.body.deleted);
  });
});
