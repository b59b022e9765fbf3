import type { InteractionType } from '@ctct/shared-types';

/** An Interaction as the contact's timeline reads it (table: migrations/1763856700000-create-interactions.ts). */
export interface InteractionRow {
  id: string;
  type: InteractionType;
  occurred_at: Date;
  description: string;
  campaign_name: string | null;
  campaign_id: string | null;
  campaign_activity_id: string | null;
  url: string | null;
  bounce_code: string | null;
  opt_out_reason: string | null;
  sort_key: string;
}

/** One engagement event to import, keyed by the CC contact it happened to (the CRM contact is resolved on insert). */
export interface InteractionInsert {
  ctctContactId: string;
  type: InteractionType;
  occurredAt: string;
  campaignId: string;
  campaignActivityId: string;
  campaignName: string;
  description: string;
  url: string | null;
  bounceCode: string | null;
  optOutReason: string | null;
  email: string | null;
  dedupeKey: string;
}

/** An unsubscribe CC reports on a contact (from the mirror), to be recorded as an opt-out Interaction. */
export interface CtctOptOut {
  contact_id: string;
  email_address: string | null;
  opt_out_source: string | null;
  opt_out_date: Date;
  opt_out_reason: string | null;
}

export interface EngagementSummaryRow {
  sends: number;
  opens: number;
  clicks: number;
  bounces: number;
  forwards: number;
  optouts: number;
  last_activity_at: Date | null;
}
