export const INTERACTION_TYPES = ['email_send', 'email_open', 'email_click', 'email_bounce', 'email_forward', 'email_optout'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** An engagement event on a CRM contact, imported from Constant Contact. */
export interface InteractionDto {
  id: string;
  type: InteractionType;
  occurredAt: string;
  description: string;
  campaignName: string | null;
  campaignId: string | null;
  campaignActivityId: string | null;
  /** Clicked link (email_click). */
  url: string | null;
  /** CC bounce code (email_bounce): B, D, F, S, V, X, Z. */
  bounceCode: string | null;
  /** Why the person opted out, when they said (email_optout). */
  optOutReason: string | null;
}

export interface EngagementSummaryDto {
  sends: number;
  opens: number;
  clicks: number;
  bounces: number;
  forwards: number;
  optouts: number;
  lastActivityAt: string | null;
}

/** What CC says about the contact this CRM contact is linked to (from the last sync; CC stays the source). */
export interface ContactCtctStatusDto {
  ctctContactId: string | null;
  linked: boolean;
  permissionToSend: string | null;
  optOut: { source: string | null; date: string | null; reason: string | null } | null;
  deletedInCtct: boolean;
  /** The linked CC contact's address as CC last reported it (null when not linked or not synced yet). */
  ctctEmail: string | null;
  /**
   * The CC contact's address is no longer the CRM contact's (changed in CC, or in the CRM): the link stays, since CC's
   * contact id is what identifies it, but the record says so.
   */
  emailDiffers: boolean;
  listIds: string[];
  syncedAt: string | null;
}
