import type { CtctOperationName } from './ctct-v3.types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CtctOperationSpec {
  method: HttpMethod;
  /** V3 path relative to the API base; `{name}` is filled from the call's `params`. */
  path: string;
}

/** Each V3 operation we call: its method and path, as in CC's contract (`ctct-operations.spec.ts` checks them). */
export const CTCT_OPERATIONS: { readonly [K in CtctOperationName]: CtctOperationSpec } = {
  getAccountById: { method: 'GET', path: '/account/summary' },
  getContacts: { method: 'GET', path: '/contacts' },
  getContact: { method: 'GET', path: '/contacts/{contact_id}' },
  createContact: { method: 'POST', path: '/contacts' },
  putContact: { method: 'PUT', path: '/contacts/{contact_id}' },
  resubscribeContact: { method: 'PUT', path: '/contacts/resubscribe/{contact_id}' },
  getLists: { method: 'GET', path: '/contact_lists' },
  createList: { method: 'POST', path: '/contact_lists' },
  postListAddContact: { method: 'POST', path: '/activities/add_list_memberships' },
  postListRemoveContact: { method: 'POST', path: '/activities/remove_list_memberships' },
  bulkImportContactsJSON: { method: 'POST', path: '/activities/contacts_json_import' },
  getActivityStatusCollection: { method: 'GET', path: '/activities' },
  getActivity: { method: 'GET', path: '/activities/{activity_id}' },
  getAllBulkEmailCampaignSummaries: { method: 'GET', path: '/reports/summary_reports/email_campaign_summaries' },
  retrieveEmailCampaignUsingGET: { method: 'GET', path: '/emails/{campaign_id}' },
  getSends: { method: 'GET', path: '/reports/email_reports/{campaign_activity_id}/tracking/sends' },
  getOpens: { method: 'GET', path: '/reports/email_reports/{campaign_activity_id}/tracking/opens' },
  getClicks: { method: 'GET', path: '/reports/email_reports/{campaign_activity_id}/tracking/clicks' },
  getBounces: { method: 'GET', path: '/reports/email_reports/{campaign_activity_id}/tracking/bounces' },
  getForwards: { method: 'GET', path: '/reports/email_reports/{campaign_activity_id}/tracking/forwards' },
  getOptouts: { method: 'GET', path: '/reports/email_reports/{campaign_activity_id}/tracking/optouts' },
};

/** The operation's path with its parameters filled in (each URL-encoded); a missing one is a programming error. */
export function operationPath(operation: CtctOperationName, params: Readonly<Record<string, string>> = {}): string {
  return CTCT_OPERATIONS[operation].path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (!value) throw new Error(`${operation} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
