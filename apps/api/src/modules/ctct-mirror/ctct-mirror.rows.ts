/**
 * Rows of the CC mirror tables (migrations/1763856600000-create-ctct-mirror.ts; ctct_contacts.email_loose_key and
 * gone_run_id from 1764100100000-ctct-contacts-identity.ts). The CC resources written into them
 * are the V3 shapes of ctct/ctct-v3.types.ts (CtctContact, CtctList).
 */

/** What the mirror says of a CC contact's permission (opt-out source and date when unsubscribed). */
export interface CtctPermissionRow {
  permission_to_send: string | null;
  opt_out_source: string | null;
  opt_out_date: Date | null;
}

/** The CC contact that currently stands for a CRM contact (CtctMirrorService.currentFor). */
export interface CtctCurrentContactRow extends CtctPermissionRow {
  contact_id: string;
  list_ids: string[] | null;
  cc_deleted_at: Date | null;
  cc_updated_at: Date | null;
}

/** A CC contact CC reports unsubscribed, with when and why. */
export interface CtctOptOutRow {
  contact_id: string;
  email_address: string | null;
  opt_out_source: string | null;
  opt_out_date: Date;
  opt_out_reason: string | null;
}

export interface CtctListRow {
  list_id: string;
  name: string;
}

export interface CtctCampaignRow {
  campaign_id: string;
  name: string;
  primary_activity_id: string | null;
  tracked: boolean;
}

export interface TrackingWatermarkRow {
  campaign_activity_id: string;
  kind: string;
  imported_unique_count: number;
}

/** A mirrored CC contact's address with its email key. */
export interface CtctAddressRow {
  contact_id: string;
  email_address: string | null;
  email_normalized: string | null;
}

/** A mirrored list as the admin lists it. */
export interface MirroredListRow {
  list_id: string;
  name: string;
  description: string | null;
  membership_count: number | null;
  deleted_in_ctct_at: Date | null;
  cc_updated_at: Date | null;
}
