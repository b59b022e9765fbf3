import { toInteraction, TRACKING_KINDS } from './tracking-rows';

const campaign = { campaignId: 'camp-1', name: 'Spring newsletter' };
const kind = (name: string) => TRACKING_KINDS.find((entry) => entry.kind === name)!;

describe('toInteraction', () => {
  it('describes a click with its URL', () => {
    const interaction = toInteraction(
      kind('clicks'),
      {
        contact_id: 'c1',
        campaign_activity_id: 'a1',
        created_time: '2026-11-01T10:00:00Z',
        url_id: 3,
        link_url: 'https://shop.example/sale',
      },
      campaign,
    );
    expect(interaction).toMatchObject({
      type: 'email_click',
      url: 'https://shop.example/sale',
      description: 'Clicked https://shop.example/sale in "Spring newsletter"',
    });
  });

  it('describes a bounce with its code', () => {
    const interaction = toInteraction(
      kind('bounces'),
      { contact_id: 'c1', campaign_activity_id: 'a1', created_time: '2026-11-01T10:00:00Z', bounce_code: 'F' },
      campaign,
    );
    expect(interaction.description).toBe('"Spring newsletter" bounced: mailbox full (F)');
    expect(interaction.bounceCode).toBe('F');
  });

  it('gives two clicks on different links different keys, and the same row the same key', () => {
    const row = { contact_id: 'c1', campaign_activity_id: 'a1', created_time: '2026-11-01T10:00:00Z' };
    const first = toInteraction(kind('clicks'), { ...row, url_id: 1 }, campaign);
    const second = toInteraction(kind('clicks'), { ...row, url_id: 2 }, campaign);
    expect(first.dedupeKey).not.toBe(second.dedupeKey);
    expect(toInteraction(kind('clicks'), { ...row, url_id: 1 }, campaign).dedupeKey).toBe(first.dedupeKey);
  });
});
