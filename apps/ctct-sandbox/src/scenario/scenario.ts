import { SandboxClock } from '../clock';
import { CampaignRecord, CampaignStore, UniqueCounts } from '../store/campaign.store';
import { ContactRecord, EmailState, MAX_LISTS_PER_CONTACT, Permission, isValidEmail, normalizeEmailKey } from '../store/contact.model';
import { ContactStore } from '../store/contact.store';
import { BOUNCE_CODES, OPT_OUT_REASONS, TrackingKind, TrackingStore } from '../store/tracking.store';
import { SeededRandom } from './random';

export interface EngagementRates {
  /** Share of sends that are opened (unique openers). */
  open: number;
  /** Share of sends that are clicked (a subset of the openers). */
  click: number;
  /** Share of sends that bounce (bounced sends are never opened). */
  bounce: number;
  /** Share of sends that end in an opt-out (the contact becomes unsubscribed). */
  optout: number;
  /** Share of sends forwarded. */
  forward: number;
}

export interface ScenarioOptions {
  /** Same seed and options → the same data, ids included. */
  seed: number | string;
  contacts: number;
  lists?: number;
  /** Sent, tracked email campaigns (an A/B test and a draft are added unless `extraCampaignKinds` is false). */
  campaigns?: number;
  /** Size of each campaign's target list (so sends ≈ this per campaign); default: random list sizes. */
  recipientsPerCampaign?: number;
  /** CRM emails: a share of them (matchRatio) get a CC contact whose email differs in case. */
  matchEmails?: string[];
  matchRatio?: number;
  unsubscribedRate?: number;
  deletedRate?: number;
  engagement?: Partial<EngagementRates>;
  /** The scenario's "now": everything generated happened before it. */
  anchor?: string;
  extraCampaignKinds?: boolean;
}

export interface ScenarioSummary {
  seed: number | string;
  contacts: number;
  lists: number;
  campaigns: number;
  trackingRows: number;
  unsubscribed: number;
  deleted: number;
  matched: number;
  sends: number;
  opens: number;
  clicks: number;
  bounces: number;
  optouts: number;
  forwards: number;
  generationMs: number;
}

export interface GeneratedScenario {
  contacts: ContactStore;
  campaigns: CampaignStore;
  tracking: TrackingStore;
  summary: ScenarioSummary;
}

export const DEFAULT_ENGAGEMENT: EngagementRates = { open: 0.2, click: 0.03, bounce: 0.01, optout: 0.003, forward: 0.002 };
export const DEFAULT_SCENARIO_ANCHOR = '2026-11-01T00:00:00.000Z';

const DAY = 86_400_000;
const FIRST_NAMES = [
  'Ava',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Mateo',
  'Sophia',
  'Lucas',
  'Mia',
  'Ethan',
  'Amelia',
  'Leo',
  'Isla',
  'Omar',
  'Zoe',
  'Hiro',
  'Chloe',
  'Arjun',
  'Grace',
  'Elena',
  'Kofi',
  'Nora',
  'Yusuf',
  'Ines',
  'Jonas',
  'Priya',
  'Tomás',
  'Hana',
  'Felix',
  'Maya',
];
const LAST_NAMES = [
  'Smith',
  'Garcia',
  'Nguyen',
  'Müller',
  'Rossi',
  'Kim',
  'Okafor',
  'Silva',
  'Cohen',
  'Dubois',
  'Patel',
  'Jensen',
  'Novak',
  'Haddad',
  'Tanaka',
  'Brown',
  'Lopez',
  'Ivanova',
  'Mensah',
  'Larsen',
  "O'Brien",
  'Schmidt',
  'Kowalski',
  'Ahmed',
  'Fischer',
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'acme.example', 'contoso.example', 'fabrikam.example'];
const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Vandelay Imports'];
const TITLES = ['Owner', 'Buyer', 'Manager', 'Director', 'Engineer', 'Analyst', 'Consultant'];
const LIST_NAMES = [
  'Newsletter',
  'Customers',
  'Leads',
  'Suppliers',
  'Events',
  'VIP',
  'Webinar attendees',
  'Partners',
  'Product updates',
  'Local store',
];
const PERMISSION_MIX: [Permission, number][] = [
  ['implicit', 0.68],
  ['explicit', 0.27],
  ['pending_confirmation', 0.03],
  ['not_set', 0.02],
];

/** Builds a deterministic CC account: contacts, lists, sent campaigns and their engagement. */
export function generateScenario(options: ScenarioOptions, clock: SandboxClock = new SandboxClock()): GeneratedScenario {
  const started = performance.now();
  const rng = new SeededRandom(options.seed);
  const anchor = Date.parse(options.anchor ?? DEFAULT_SCENARIO_ANCHOR);
  const rates: EngagementRates = { ...DEFAULT_ENGAGEMENT, ...options.engagement };
  const contactCount = Math.max(0, Math.floor(options.contacts));
  const listCount = Math.min(options.lists ?? 8, 1000);
  const campaignCount = options.campaigns ?? 6;
  const contacts = new ContactStore(clock);
  contacts.bulkLoading = true;
  const campaigns = new CampaignStore();
  const tracking = new TrackingStore();

  // Lists first (their ids are drawn before the contacts', so list ids stay stable when N changes).
  const listIds: string[] = [];
  for (let k = 0; k < listCount; k++) {
    const created = anchor - rng.int(400, 1200) * DAY;
    const list = contacts.insertList({
      id: rng.uuid(),
      name: k < LIST_NAMES.length ? LIST_NAMES[k] : `${LIST_NAMES[k % LIST_NAMES.length]} ${Math.floor(k / LIST_NAMES.length) + 1}`,
      description: `Sandbox list ${k + 1}`,
      favorite: k === 0,
      createdAt: created,
      updatedAt: created + rng.int(0, 300) * DAY,
    });
    listIds.push(list.id);
  }
  const campaignTargets = new Set<number>();
  for (let c = 0; c < campaignCount && listCount > 0; c++) campaignTargets.add(c % listCount);
  const membershipRate = listIds.map((_, k) =>
    options.recipientsPerCampaign && campaignTargets.has(k) && contactCount > 0
      ? Math.min(1, options.recipientsPerCampaign / contactCount)
      : 0.1 + rng.next() * 0.5,
  );

  const matchEmails = uniqueValidEmails(options.matchEmails ?? []);
  const matchCount = Math.min(contactCount, Math.round(matchEmails.length * (options.matchRatio ?? 0.6)));
  const unsubscribedRate = options.unsubscribedRate ?? 0.03;
  const deletedRate = options.deletedRate ?? 0.02;
  const firstSend = anchor - (campaignCount + 1) * 7 * DAY;
  const deletedContacts: ContactRecord[] = [];
  let unsubscribed = 0;

  for (let i = 0; i < contactCount; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const recent = rng.chance(0.1);
    const createdAt = recent ? anchor - rng.int(1, 30 * 24 * 60) * 60_000 : firstSend - rng.int(1, 1000 * 24 * 60) * 60_000;
    const address = i < matchCount ? caseVariant(matchEmails[i], rng) : `${asciiLocal(first)}.${asciiLocal(last)}${i}@${rng.pick(DOMAINS)}`;
    const permission = pickWeighted(PERMISSION_MIX, rng.next());
    const optedIn = permission === 'explicit' || permission === 'implicit';
    // Every field in the literal: properties added afterwards live in a separate property array (~40 bytes more).
    const email: EmailState = {
      address,
      permission,
      createdAt,
      updatedAt: createdAt,
      confirmStatus: permission === 'pending_confirmation' ? 'pending' : 'off',
      optInSource: optedIn ? (permission === 'explicit' ? 'Contact' : 'Account') : undefined,
      optInDate: optedIn ? createdAt : undefined,
    };
    const lists: string[] = [];
    for (let k = 0; k < listCount && lists.length < MAX_LISTS_PER_CONTACT; k++) if (rng.chance(membershipRate[k])) lists.push(listIds[k]);
    const contact = contacts.insertContact({
      id: rng.uuid(),
      email,
      firstName: first,
      lastName: last,
      jobTitle: rng.chance(0.5) ? rng.pick(TITLES) : undefined,
      companyName: rng.chance(0.6) ? rng.pick(COMPANIES) : undefined,
      createSource: 'Account',
      updateSource: 'Account',
      createdAt,
      updatedAt: Math.min(anchor, createdAt + rng.int(0, 200) * DAY),
    });
    // Memberships are linked in one pass below. An exact-length copy: an array grown by push keeps room for 17.
    contact.lists = lists.slice();
    if (!recent && rng.chance(unsubscribedRate)) {
      const optOutAt = createdAt + rng.int(1, Math.max(1, Math.floor((firstSend - createdAt) / 60_000))) * 60_000;
      markUnsubscribed(contact, rng.chance(0.7) ? 'Contact' : 'Account', optOutAt, rng.int(1, OPT_OUT_REASONS.length - 1));
      unsubscribed++;
    }
    if (rng.chance(deletedRate)) deletedContacts.push(contact);
  }
  contacts.rebuildMemberships();

  // Sent campaigns, oldest first, so an opt-out in one campaign keeps the contact out of the later ones.
  const totals = { sends: 0, opens: 0, clicks: 0, bounces: 0, optouts: 0, forwards: 0 };
  const expectedRows = Math.ceil(
    [...campaignTargets].reduce((n, k) => n + contacts.memberSeqs(listIds[k]).size, 0) *
      (1 + rates.open * 1.2 + rates.bounce + rates.click + 0.01),
  );
  tracking.reserve(Math.max(1024, expectedRows));
  for (let c = 0; c < campaignCount && listCount > 0; c++) {
    const sentAt = firstSend + c * 7 * DAY + rng.int(8 * 60, 11 * 60) * 60_000;
    const targetList = listIds[c % listCount];
    const campaign = addCampaign(campaigns, rng, c, sentAt, targetList, c % 3 === 2 ? ['CUSTOM_CODE_EMAIL', 26] : ['NEWSLETTER', 10]);
    const activity = campaign.activities[0];
    const sentSec = Math.floor(sentAt / 1000);
    for (const seq of [...contacts.memberSeqs(targetList)].sort((a, b) => a - b)) {
      const contact = contacts.contactBySeq(seq);
      if (!wasMailable(contact, sentAt)) continue;
      const sendSec = sentSec + rng.int(0, 600);
      tracking.append(TrackingKind.Send, seq, sendSec, activity.index);
      totals.sends++;
      if (rng.chance(rates.bounce)) {
        tracking.append(TrackingKind.Bounce, seq, sendSec + rng.int(30, 3600), activity.index, rng.int(0, BOUNCE_CODES.length - 1));
        totals.bounces++;
        continue;
      }
      const openRate = rates.open / (1 - rates.bounce);
      if (!rng.chance(openRate)) continue;
      const openSec = sendSec + rng.int(300, 3 * 86_400);
      const device = rng.int(0, 2);
      tracking.append(TrackingKind.Open, seq, openSec, activity.index, device);
      totals.opens++;
      if (rng.chance(0.1)) tracking.append(TrackingKind.Open, seq, openSec + rng.int(600, 86_400), activity.index, device);
      if (rng.chance(rates.click / openRate)) {
        const link = rng.int(0, activity.links.length - 1);
        tracking.append(TrackingKind.Click, seq, openSec + rng.int(5, 600), activity.index, (device << 4) | link);
        totals.clicks++;
      }
      if (rng.chance(rates.forward / openRate)) {
        tracking.append(TrackingKind.Forward, seq, openSec + rng.int(60, 3600), activity.index);
        totals.forwards++;
      }
      if (rng.chance(rates.optout / openRate) && contact.email?.permission !== 'unsubscribed') {
        const optOutSec = openSec + rng.int(10, 900);
        const reason = rng.int(0, OPT_OUT_REASONS.length - 1);
        tracking.append(TrackingKind.OptOut, seq, optOutSec, activity.index, reason);
        markUnsubscribed(contact, 'Contact', optOutSec * 1000, reason);
        totals.optouts++;
        unsubscribed++;
      }
    }
  }
  if (options.extraCampaignKinds !== false)
    addUntrackedCampaigns(campaigns, rng, anchor, listIds, totals.sends / Math.max(1, campaignCount), rates);

  // Deletions happen last: deleted contacts keep their engagement history but lose their lists.
  const lastSend = firstSend + campaignCount * 7 * DAY + DAY;
  for (const contact of deletedContacts) {
    contact.deletedAt = Math.min(anchor - 60_000, lastSend + rng.int(0, 5 * 24 * 60) * 60_000);
    contact.updatedAt = Math.max(contact.updatedAt, contact.deletedAt);
    // One by one: rebuilding every list's member set again cost ~1 s at 1,000,000 contacts.
    for (const listId of [...contact.lists]) contacts.removeMembership(contact, listId, false);
  }
  contacts.reindexUpdated();

  return {
    contacts,
    campaigns,
    tracking,
    summary: {
      seed: options.seed,
      contacts: contactCount,
      lists: listCount,
      campaigns: campaigns.campaigns.length,
      trackingRows: tracking.length,
      unsubscribed,
      deleted: deletedContacts.length,
      matched: matchCount,
      ...totals,
      generationMs: Math.round(performance.now() - started),
    },
  };
}

function markUnsubscribed(contact: ContactRecord, source: 'Account' | 'Contact', at: number, reason: number): void {
  const email = contact.email!;
  email.permission = 'unsubscribed';
  email.optOutSource = source;
  email.optOutDate = at;
  email.optOutReason = OPT_OUT_REASONS[reason] || undefined;
  email.updatedAt = Math.max(email.updatedAt, at);
  contact.updateSource = source;
  contact.updatedAt = Math.max(contact.updatedAt, at);
}

/** Was the contact on the mailing at that moment (created, subscribed, not yet opted out)? */
function wasMailable(contact: ContactRecord, at: number): boolean {
  if (contact.createdAt > at || !contact.email) return false;
  const email = contact.email;
  if (email.permission === 'unsubscribed')
    return email.optOutDate !== undefined && email.optOutDate > at && email.optInSource !== undefined;
  return email.permission === 'explicit' || email.permission === 'implicit';
}

function addCampaign(
  campaigns: CampaignStore,
  rng: SeededRandom,
  index: number,
  sentAt: number,
  listId: string,
  [type, typeCode]: [string, number],
): CampaignRecord {
  const month = new Date(sentAt).toISOString().slice(0, 10);
  const name = `${type === 'NEWSLETTER' ? 'Newsletter' : 'Announcement'} ${month} #${index + 1}`;
  const campaignId = rng.uuid();
  const primaryId = rng.uuid();
  const permalinkId = rng.uuid();
  const links = [0, 1, 2].map((l) => ({
    url_id: String(1_000_000_000 + index * 10 + l),
    link_url: `https://shop.example.com/${['offers', 'news', 'events'][l]}?c=${index + 1}`,
  }));
  const base = {
    subject: `${name}: what's new`,
    preheader: 'Sandbox campaign',
    fromName: 'Sandbox Organization',
    fromEmail: 'owner@sandbox.ctct.local',
    replyToEmail: 'owner@sandbox.ctct.local',
    listIds: [listId],
    status: 'Done' as const,
  };
  return campaigns.add(
    {
      id: campaignId,
      name,
      type,
      typeCode,
      status: 'Done',
      createdAt: sentAt - rng.int(1, 5) * DAY,
      updatedAt: sentAt,
      lastSentAt: sentAt,
      trackedByReports: true,
    },
    [
      { id: primaryId, role: 'primary_email', links, ...base },
      { id: permalinkId, role: 'permalink', links: [], ...base },
    ],
  );
}

/** An A/B test (summary counts only: the tracking reports do not serve it) and a draft. */
function addUntrackedCampaigns(
  campaigns: CampaignStore,
  rng: SeededRandom,
  anchor: number,
  listIds: string[],
  averageSends: number,
  rates: EngagementRates,
): void {
  const sentAt = anchor - 3 * DAY;
  const sends = Math.round(averageSends);
  const opens = Math.round(sends * rates.open);
  const counts: UniqueCounts = {
    sends,
    opens,
    clicks: Math.round(sends * rates.click),
    forwards: Math.round(sends * rates.forward),
    optouts: Math.round(sends * rates.optout),
    abuse: 0,
    bounces: Math.round(sends * rates.bounce),
    not_opened: sends - opens,
  };
  const common = {
    preheader: 'Sandbox campaign',
    fromName: 'Sandbox Organization',
    fromEmail: 'owner@sandbox.ctct.local',
    replyToEmail: 'owner@sandbox.ctct.local',
    listIds: listIds.slice(0, 1),
    links: [],
  };
  const abId = rng.uuid();
  campaigns.add(
    {
      id: abId,
      name: 'Subject line A/B test',
      type: 'AB_TEST',
      typeCode: 57,
      status: 'Done',
      createdAt: sentAt - DAY,
      updatedAt: sentAt,
      lastSentAt: sentAt,
      trackedByReports: false,
      presetCounts: counts,
    },
    [
      { id: rng.uuid(), role: 'primary_email', subject: 'Version A', status: 'Done', ...common },
      { id: rng.uuid(), role: 'permalink', subject: 'Version A', status: 'Done', ...common },
    ],
  );
  const draftAt = anchor - DAY;
  campaigns.add(
    {
      id: rng.uuid(),
      name: 'Draft: next newsletter',
      type: 'NEWSLETTER',
      typeCode: 10,
      status: 'Draft',
      createdAt: draftAt,
      updatedAt: draftAt,
      trackedByReports: true,
    },
    [
      { id: rng.uuid(), role: 'primary_email', subject: 'Coming soon', status: 'Draft', ...common },
      { id: rng.uuid(), role: 'permalink', subject: 'Coming soon', status: 'Draft', ...common },
    ],
  );
}

function pickWeighted<T>(items: [T, number][], draw: number): T {
  let acc = 0;
  for (const [item, weight] of items) {
    acc += weight;
    if (draw < acc) return item;
  }
  return items[items.length - 1][0];
}

function asciiLocal(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function uniqueValidEmails(emails: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of emails) {
    const trimmed = raw.trim();
    const key = normalizeEmailKey(trimmed);
    if (!isValidEmail(trimmed) || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

/** CC stores the address trimmed; the case differs from the CRM's copy, as people type it differently. */
function caseVariant(email: string, rng: SeededRandom): string {
  const [local, domain] = email.split('@');
  switch (rng.int(0, 2)) {
    case 0:
      return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.toLowerCase()}`;
    case 1:
      return `${local.toLowerCase()}@${domain.toUpperCase()}`;
    default:
      return email.toLowerCase() === email ? email.toUpperCase() : email.toLowerCase();
  }
}
