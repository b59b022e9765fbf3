import { V3Error } from '../http/errors';
import { FaultConfig } from '../faults/fault-injector';
import { RateLimitConfig } from '../limits/rate-limiter';
import { DEMO_CLIENT, KNOWN_SCOPES, SandboxClient } from '../oauth/clients';
import { OAuthError, TokenResponse } from '../oauth/token.service';
import { SandboxContext } from '../sandbox-context';
import { ScenarioOptions, ScenarioSummary, generateScenario } from '../scenario/scenario';
import { StatsSnapshot } from '../stats/request-stats';
import { CampaignStore } from '../store/campaign.store';
import { confirmResubscribe, unsubscribe } from '../store/contact.operations';
import { toContactList, toContactResource } from '../store/contact.view';
import { readSnapshot, writeSnapshot } from '../store/snapshot';
import { OPT_OUT_REASONS, TRACKING_TYPES, TrackingKind, TrackingStore, TrackingType } from '../store/tracking.store';

const ALL_INCLUDES = new Set(['custom_fields', 'list_memberships', 'phone_numbers', 'street_addresses', 'taggings', 'notes']);

export interface IssueTokensInput {
  /** Default: DEMO_CLIENT. */
  clientId?: string;
  /** Default: every scope the integration uses, offline_access included. */
  scopes?: string[] | string;
}

export interface EngagementInput {
  campaignActivityId: string;
  contactId: string;
  type: TrackingType;
  /** ISO time; default: the sandbox's now. */
  at?: string;
  /** For em_optouts: one of OPT_OUT_REASONS. */
  optOutReason?: string;
}

/** Sandbox-only levers for tests, benches and the demo; the /__sandbox HTTP endpoints call these. */
export interface SandboxControl {
  issueTokens(input?: IssueTokensInput): TokenResponse;
  registerClient(client: SandboxClient): void;
  revokeAllTokens(): void;
  revokeToken(token: string): void;
  setAccessTokenTtlSeconds(seconds: number): void;

  stats(): StatsSnapshot;
  /** Zeroes the counters and the rate limiter's windows (a fresh budget). */
  resetStats(): void;
  setRateLimit(config: RateLimitConfig | false): void;
  getRateLimit(): RateLimitConfig | false;

  setFaults(config: FaultConfig): void;
  clearFaults(): void;
  getFaults(): FaultConfig;

  setClockOffsetMs(ms: number): void;
  /** Sets the offset so that the sandbox's now is `iso`. */
  setNow(iso: string): void;
  clock(): { now: string; offsetMs: number };

  loadScenario(options: ScenarioOptions): ScenarioSummary;
  /** An empty account (no contacts, lists, campaigns, activities); tokens and clients are kept. */
  resetData(): void;
  snapshot(file: string): Promise<{ bytes: number }>;
  restore(file: string): Promise<void>;
  setActivityProcessingDelayMs(ms: number): void;
  /** Completes every pending bulk activity now. */
  settleActivities(): void;

  findContactByEmail(email: string): Record<string, any> | undefined;
  getContact(id: string): Record<string, any> | undefined;
  listMembers(listId: string): string[];
  getLists(): Record<string, any>[];
  /** What happens when a contact clicks the link in CC's resubscribe email. */
  confirmResubscribe(contactId: string): void;
  /**
   * Removes a deleted contact for good (CC purges deleted contacts): it vanishes from every listing, its id
   * answers 404, and its address can be created again under a new id. A live contact must be deleted first (409).
   */
  purgeContact(contactId: string): void;
  /** Records engagement (e.g. a new open) as if the contact had acted; em_optouts unsubscribes them. */
  addEngagement(input: EngagementInput): void;
  /** Sent campaigns with their activity ids (for tests that need one). */
  listCampaigns(): { campaignId: string; name: string; type: string; trackedByReports: boolean; primaryActivityId?: string }[];
}

export const DEFAULT_TOKEN_SCOPES = ['account_read', 'contact_data', 'campaign_data', 'offline_access'];

export function createControl(ctx: SandboxContext): SandboxControl {
  const requireContact = (id: string) => {
    const contact = ctx.contacts.getContact(id);
    if (!contact) throw new V3Error(404, 'sandbox.not_found', `Contact ${id} not found.`);
    return contact;
  };
  return {
    issueTokens(input = {}) {
      const clientId = input.clientId ?? DEMO_CLIENT.clientId;
      const scopes = typeof input.scopes === 'string' ? input.scopes : (input.scopes ?? DEFAULT_TOKEN_SCOPES).join(' ');
      return ctx.tokens.issueTokens(clientId, ctx.tokens.parseScopes(scopes));
    },
    registerClient: (client) => ctx.tokens.registerClient(client),
    revokeAllTokens: () => ctx.tokens.revokeAll(),
    revokeToken: (token) => ctx.tokens.revoke(token),
    setAccessTokenTtlSeconds: (seconds) => ctx.tokens.setAccessTokenTtlSeconds(seconds),

    stats: () => ctx.stats.snapshot(),
    resetStats() {
      ctx.stats.reset();
      ctx.limiter.reset();
    },
    setRateLimit: (config) => ctx.limiter.configure(config),
    getRateLimit: () => ctx.limiter.getConfig(),

    setFaults: (config) => ctx.faults.set(config),
    clearFaults: () => ctx.faults.clear(),
    getFaults: () => ctx.faults.current(),

    setClockOffsetMs: (ms) => ctx.clock.setOffsetMs(ms),
    setNow(iso) {
      const target = Date.parse(iso);
      if (Number.isNaN(target)) throw new Error(`not a date: ${iso}`);
      ctx.clock.setOffsetMs(target - Date.now());
    },
    clock: () => ({ now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.getOffsetMs() }),

    loadScenario(options) {
      ctx.bulk.clear();
      const generated = generateScenario(options, ctx.clock);
      ctx.contacts = generated.contacts;
      ctx.campaigns = generated.campaigns;
      ctx.tracking = generated.tracking;
      return generated.summary;
    },
    resetData() {
      ctx.bulk.clear();
      ctx.contacts.clear();
      ctx.campaigns = new CampaignStore();
      ctx.tracking = new TrackingStore();
    },
    snapshot: (file) => writeSnapshot(ctx, file),
    restore: (file) => readSnapshot(ctx, file),
    setActivityProcessingDelayMs(ms) {
      ctx.bulk.processingDelayMs = ms;
    },
    settleActivities: () => ctx.bulk.flush(),

    findContactByEmail(email) {
      const contact = ctx.contacts.findByEmail(email);
      return contact && toContactResource(contact, ALL_INCLUDES);
    },
    getContact(id) {
      const contact = ctx.contacts.getContact(id);
      return contact && toContactResource(contact, ALL_INCLUDES);
    },
    listMembers(listId) {
      return [...ctx.contacts.memberSeqs(listId)].map((seq) => ctx.contacts.contactBySeq(seq).id);
    },
    getLists() {
      return [...ctx.contacts.lists.values()].map((list) => toContactList(list, ctx.contacts.membershipCount(list.id, 'all')));
    },
    confirmResubscribe(contactId) {
      confirmResubscribe(ctx.contacts, requireContact(contactId));
    },
    purgeContact(contactId) {
      const contact = requireContact(contactId);
      if (!contact.deletedAt) {
        throw new V3Error(409, 'sandbox.conflict', `Contact ${contactId} is not deleted: delete it before purging it.`);
      }
      ctx.contacts.purge(contact);
    },
    addEngagement(input) {
      const activity = ctx.campaigns.getActivity(input.campaignActivityId);
      if (!activity) throw new V3Error(404, 'sandbox.not_found', `Campaign activity ${input.campaignActivityId} not found.`);
      const contact = requireContact(input.contactId);
      const kind = TRACKING_TYPES.indexOf(input.type) as TrackingKind;
      if (kind < 0) throw new V3Error(400, 'sandbox.validation', `type must be one of ${TRACKING_TYPES.join(', ')}`);
      const at = input.at ? Date.parse(input.at) : ctx.clock.now();
      let extra = 0;
      if (kind === TrackingKind.OptOut) {
        extra = Math.max(0, OPT_OUT_REASONS.indexOf((input.optOutReason ?? '') as (typeof OPT_OUT_REASONS)[number]));
        if (contact.email && contact.email.permission !== 'unsubscribed') {
          unsubscribe(contact.email, 'Contact', OPT_OUT_REASONS[extra], at);
          contact.updateSource = 'Contact';
          ctx.contacts.touch(contact, at);
        }
      }
      ctx.tracking.append(kind, contact.seq, Math.floor(at / 1000), activity.index, extra);
    },
    listCampaigns() {
      return ctx.campaigns.campaigns.map((c) => ({
        campaignId: c.id,
        name: c.name,
        type: c.type,
        trackedByReports: c.trackedByReports,
        primaryActivityId: c.activities.find((a) => a.role === 'primary_email')?.id,
      }));
    },
  };
}

export { KNOWN_SCOPES, OAuthError };
