/** Shapes of the CC V3 responses we read (fields we use only; see ../shared/reference for the full contract). */
export interface CtctAccountSummary {
  encoded_account_id?: string;
  organization_name?: string;
  contact_email?: string;
  first_name?: string;
  last_name?: string;
}

export interface CtctPageLinks {
  _links?: { next?: { href?: string } };
}
