import { Response } from 'express';
import { SandboxClock } from './clock';
import { FaultInjector } from './faults/fault-injector';
import { RateLimiter } from './limits/rate-limiter';
import { TokenService } from './oauth/token.service';
import { RequestStats } from './stats/request-stats';
import { BulkActivityStore } from './store/bulk-activity.store';
import { CampaignStore } from './store/campaign.store';
import { ContactStore } from './store/contact.store';
import { TrackingStore } from './store/tracking.store';

/** The CC account the sandbox impersonates (GET /account/summary, the Customer definition). */
export interface AccountSummary {
  contact_email: string;
  contact_phone: string;
  country_code: string;
  encoded_account_id: string;
  encoded_partner_id?: string;
  first_name: string;
  last_name: string;
  organization_name: string;
  organization_phone: string;
  state_code: string;
  time_zone_id: string;
  website: string;
  physical_address?: {
    address_line1: string;
    address_line2?: string;
    city: string;
    state_code?: string;
    postal_code?: string;
    country_code: string;
  };
  company_logo?: { url?: string; external_url?: string; internal_id?: string };
}

export const DEFAULT_ACCOUNT: AccountSummary = {
  contact_email: 'owner@sandbox.ctct.local',
  contact_phone: '+1 781-555-0100',
  country_code: 'US',
  encoded_account_id: 'a07e1sandbox0001',
  first_name: 'Sandra',
  last_name: 'Box',
  organization_name: 'Sandbox Organization',
  organization_phone: '+1 781-555-0100',
  state_code: 'MA',
  time_zone_id: 'US/Eastern',
  website: 'https://sandbox.ctct.local',
  physical_address: {
    address_line1: '1 Sandbox Way',
    city: 'Waltham',
    state_code: 'MA',
    postal_code: '02451',
    country_code: 'US',
  },
  company_logo: { url: 'https://sandbox.ctct.local/logo.png', external_url: 'https://sandbox.ctct.local/logo.png', internal_id: 'logo-1' },
};

/** Everything a route, the pipeline and the control API share: one per sandbox instance. */
export interface SandboxContext {
  clock: SandboxClock;
  contacts: ContactStore;
  campaigns: CampaignStore;
  tracking: TrackingStore;
  bulk: BulkActivityStore;
  tokens: TokenService;
  limiter: RateLimiter;
  stats: RequestStats;
  faults: FaultInjector;
  account: AccountSummary;
  /** Responses a `timeout` fault holds open; released (destroyed) on close. */
  heldResponses: Set<Response>;
}
