/** Rows of the CC mirror tables (migrations/1763856600000-create-ctct-mirror.ts) and the CC resources written into them. */

/** A CC contact as GET /contacts returns it (fields we keep). */
export interface CtctContactResource {
  contact_id: string;
  email_address?: {
    address?: string;
    permission_to_send?: string;
    opt_out_source?: string;
    opt_out_date?: string;
    opt_out_reason?: string;
  };
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
  list_memberships?: string[];
}

/** A CC contact list as GET /contact_lists returns it. */
export interface CtctListResource {
  list_id: string;
  name: string;
  description?: string;
  favorite?: boolean;
  membership_count?: number;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
}

/** What the mirror says of a CC contact's permission (opt-out source and date when unsubscribed). */
export interface CtctPermissionRow {
  permission_to_send: string | null;
  opt_out_source: string | null;
  opt_out_date: Date | null;
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
