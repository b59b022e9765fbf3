import type { InteractionType } from '@ctct/shared-types';
import type { CtctTrackingActivity } from '../../ctct/ctct-v3.types';
import type { InteractionInsert } from '../../interactions/interaction.row';

/** The per-campaign tracking reports we import, with what each becomes in the CRM. */
export const TRACKING_KINDS = [
  { kind: 'sends', operation: 'getSends', type: 'email_send', uniqueCount: 'sends' },
  { kind: 'opens', operation: 'getOpens', type: 'email_open', uniqueCount: 'opens' },
  { kind: 'clicks', operation: 'getClicks', type: 'email_click', uniqueCount: 'clicks' },
  { kind: 'bounces', operation: 'getBounces', type: 'email_bounce', uniqueCount: 'bounces' },
  { kind: 'forwards', operation: 'getForwards', type: 'email_forward', uniqueCount: 'forwards' },
  { kind: 'optouts', operation: 'getOptouts', type: 'email_optout', uniqueCount: 'optouts' },
] as const satisfies ReadonlyArray<{ kind: string; operation: string; type: InteractionType; uniqueCount: string }>;

export type TrackingKind = (typeof TRACKING_KINDS)[number]['kind'];

/** Kinds where CC's unique count equals the number of rows: an unchanged count means nothing new to fetch. */
export const COUNT_EQUALS_ROWS: ReadonlySet<TrackingKind> = new Set(['sends', 'bounces', 'optouts', 'forwards']);

/** A row of /reports/email_reports/{id}/tracking/{kind}. */
export type TrackingRow = CtctTrackingActivity;

// What a tracking row becomes; the interactions module owns the shape (it is the one that stores it).
export type { InteractionInsert };

const BOUNCE_CODES: Record<string, string> = {
  B: 'non-existent address',
  D: 'undeliverable',
  F: 'mailbox full',
  S: 'suspended',
  V: 'vacation / autoreply',
  X: 'other',
  Z: 'blocked',
};

/** Maps one tracking row to an Interaction. The dedupe key makes a re-run or resume insert nothing twice. */
export function toInteraction(
  kind: (typeof TRACKING_KINDS)[number],
  row: TrackingRow,
  campaign: { campaignId: string; name: string },
): InteractionInsert {
  const name = campaign.name;
  const description = {
    sends: `Sent "${name}"`,
    opens: `Opened "${name}"`,
    clicks: `Clicked ${row.link_url ?? 'a link'} in "${name}"`,
    bounces: `"${name}" bounced${row.bounce_code ? `: ${BOUNCE_CODES[row.bounce_code] ?? row.bounce_code} (${row.bounce_code})` : ''}`,
    forwards: `Forwarded "${name}"`,
    optouts: `Opted out via "${name}"${row.opt_out_reason ? `: ${row.opt_out_reason}` : ''}`,
  }[kind.kind];
  return {
    ctctContactId: row.contact_id,
    type: kind.type,
    occurredAt: row.created_time,
    campaignId: campaign.campaignId,
    campaignActivityId: row.campaign_activity_id,
    campaignName: name,
    description,
    url: row.link_url ?? null,
    bounceCode: row.bounce_code ?? null,
    optOutReason: row.opt_out_reason ?? null,
    email: row.email_address ?? null,
    dedupeKey: [kind.kind, row.campaign_activity_id, row.contact_id, row.created_time, row.url_id ?? ''].join(':'),
  };
}
