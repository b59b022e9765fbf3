/**
 * Every CC V3 request and response shape the API uses (fields we use only; ../shared/reference has the full
 * contract), and `CtctV3Operations`: the operations we call, each with its path parameters, query, body and
 * response. `ctct-operations.ts` adds each one's method and path; `CtctClient.call(name, args)` uses both.
 */

export interface CtctPageLinks {
  _links?: { next?: { href?: string } };
}

// ── account ────────────────────────────────────────────────────────────────────────────────────────────────

export interface CtctAccountSummary {
  encoded_account_id?: string;
  organization_name?: string;
  contact_email?: string;
  first_name?: string;
  last_name?: string;
}

// ── contacts ───────────────────────────────────────────────────────────────────────────────────────────────

export interface CtctEmailAddress {
  address?: string;
  permission_to_send?: string;
  opt_out_source?: string;
  opt_out_date?: string;
  opt_out_reason?: string;
}

/** A contact as GET /contacts and /contacts/{id} return it, with the core fields a PUT must carry back. */
export interface CtctContact {
  contact_id: string;
  email_address?: CtctEmailAddress;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  company_name?: string;
  birthday_month?: number;
  birthday_day?: number;
  anniversary?: string;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
  /** List ids; present when asked for with `include=list_memberships`. */
  list_memberships?: string[];
}

export interface CtctContactsPage extends CtctPageLinks {
  contacts: CtctContact[];
  contacts_count?: number;
}

export interface CtctContactsQuery {
  status?: 'all' | 'active' | 'deleted' | 'not_set' | 'pending_confirmation' | 'temp_hold' | 'unsubscribed';
  email?: string;
  lists?: string;
  updated_after?: string;
  created_after?: string;
  include?: string;
  include_count?: boolean;
  limit?: number;
}

/** Core fields of ContactPutRequest: a PUT clears every core field it omits. */
export type CtctContactCoreField =
  'first_name' | 'last_name' | 'job_title' | 'company_name' | 'birthday_month' | 'birthday_day' | 'anniversary';

export interface CtctContactPutRequest extends Partial<Pick<CtctContact, CtctContactCoreField>> {
  // EmailAddressPut requires only the address: a PUT without permission_to_send leaves the permission as it is.
  email_address: { address?: string; permission_to_send?: string; opt_out_reason?: string };
  update_source: 'Account' | 'Contact';
}

export interface CtctContactCreateRequest {
  email_address: { address: string; permission_to_send: 'implicit' | 'explicit' };
  first_name?: string;
  last_name?: string;
  create_source: 'Account' | 'Contact';
  list_memberships?: string[];
}

// ── lists ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface CtctList {
  list_id: string;
  name: string;
  description?: string;
  favorite?: boolean;
  membership_count?: number;
  created_at?: string;
  updated_at?: string;
  deleted_at?: string;
}

export interface CtctListsPage extends CtctPageLinks {
  lists: CtctList[];
  lists_count?: number;
}

export interface CtctListsQuery {
  name?: string;
  status?: 'all' | 'active' | 'deleted';
  include_count?: boolean;
  include_membership_count?: 'all' | 'active';
  limit?: number;
}

// ── bulk activities ────────────────────────────────────────────────────────────────────────────────────────

export interface CtctActivity {
  activity_id: string;
  state: string;
  activity_errors?: string[];
}

export interface CtctActivitiesPage extends CtctPageLinks {
  activities?: CtctActivity[];
}

/** add_list_memberships / remove_list_memberships: these contacts, these lists. */
export interface CtctListMembershipsRequest {
  source: { contact_ids: string[] };
  list_ids: string[];
}

/** contacts_json_import: ≤40,000 rows and <4 MB a request; each row's keys are CC's import column names. */
export interface CtctJsonImportRequest {
  import_data: Array<Record<string, string>>;
  list_ids: string[];
}

// ── campaigns and reports ──────────────────────────────────────────────────────────────────────────────────

export interface CtctCampaignSummary {
  campaign_id: string;
  campaign_type?: string;
  last_sent_date?: string;
  unique_counts?: Record<string, number>;
}

export interface CtctCampaignSummariesPage extends CtctPageLinks {
  bulk_email_campaign_summaries?: CtctCampaignSummary[];
}

export interface CtctEmailCampaign {
  name?: string;
  type?: string;
  campaign_activities?: Array<{ campaign_activity_id: string; role: string }>;
}

/** A row of /reports/email_reports/{campaign_activity_id}/tracking/{kind}. */
export interface CtctTrackingActivity {
  contact_id: string;
  campaign_activity_id: string;
  tracking_activity_type?: string;
  email_address?: string;
  created_time: string;
  url_id?: string | number;
  link_url?: string;
  opt_out_reason?: string;
  bounce_code?: string;
}

export interface CtctTrackingPage extends CtctPageLinks {
  tracking_activities?: CtctTrackingActivity[];
}

// ── the operations we call ─────────────────────────────────────────────────────────────────────────────────

type Tracking = { params: { campaign_activity_id: string }; query: { limit?: number }; response: CtctTrackingPage };

/** Named by V3 operationId (what the API log, the sandbox's faults and the bench counters use). */
export interface CtctV3Operations {
  getAccountById: { response: CtctAccountSummary };
  getContacts: { query: CtctContactsQuery; response: CtctContactsPage };
  getContact: { params: { contact_id: string }; query: { include?: string }; response: CtctContact };
  createContact: { body: CtctContactCreateRequest; response: CtctContact };
  putContact: { params: { contact_id: string }; body: CtctContactPutRequest; response: CtctContact };
  resubscribeContact: { params: { contact_id: string }; body: { list_ids: string[] }; response: unknown };
  getLists: { query: CtctListsQuery; response: CtctListsPage };
  createList: { body: { name: string }; response: CtctList };
  postListAddContact: { body: CtctListMembershipsRequest; response: CtctActivity };
  postListRemoveContact: { body: CtctListMembershipsRequest; response: CtctActivity };
  bulkImportContactsJSON: { body: CtctJsonImportRequest; response: CtctActivity };
  getActivityStatusCollection: { query: { limit?: number; state?: string }; response: CtctActivitiesPage };
  getActivity: { params: { activity_id: string }; response: CtctActivity };
  getAllBulkEmailCampaignSummaries: { query: { limit?: number }; response: CtctCampaignSummariesPage };
  retrieveEmailCampaignUsingGET: { params: { campaign_id: string }; response: CtctEmailCampaign };
  getSends: Tracking;
  getOpens: Tracking;
  getClicks: Tracking;
  getBounces: Tracking;
  getForwards: Tracking;
  getOptouts: Tracking;
}

export type CtctOperationName = keyof CtctV3Operations;
export type CtctResponse<K extends CtctOperationName> = CtctV3Operations[K]['response'];

/**
 * What a call passes: path parameters and a body where the operation has them, an optional query, and `href`
 * to continue from a page's `_links.next.href` (which then replaces the path).
 */
export type CtctCallArgs<K extends CtctOperationName> = ParamsArg<CtctV3Operations[K]> &
  QueryArg<CtctV3Operations[K]> &
  BodyArg<CtctV3Operations[K]> & { href?: string | null };
type ParamsArg<S> = S extends { params: infer P } ? { params: P } : { params?: never };
type QueryArg<S> = S extends { query: infer Q } ? { query?: Q } : { query?: never };
type BodyArg<S> = S extends { body: infer B } ? { body: B } : { body?: never };
