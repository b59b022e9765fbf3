import { isoDate } from '../clock';
import { notFound, validationError } from '../http/errors';
import { UUID_PATTERN, decodeCursor, encodeCursor } from '../http/query';
import { V3Operation, V3Request } from '../http/v3-router';
import { SandboxContext } from '../sandbox-context';
import { CampaignActivityRecord, CampaignRecord, UniqueCounts } from '../store/campaign.store';
import {
  BOUNCE_CODES,
  DEVICE_TYPES,
  OPT_OUT_REASONS,
  TRACKING_TYPES,
  TrackingKind,
  TrackingPosition,
  TrackingStore,
} from '../store/tracking.store';

const AREA = 'reports';
const CONTACT_TRACKING_TYPES = [...TRACKING_TYPES, 'p_contact_open', 'p_contact_click', 'p_contact_add', 'p_contact_update'] as const;

interface TrackingCursor {
  limit: number;
  at: TrackingPosition;
  types?: number[];
  names?: boolean;
  urlId?: string;
  bounceCodes?: string[];
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Engagement rows of one campaign activity, newest first (CC's tracking reports). */
function trackingOperation(
  operationId: string,
  kindPath: string,
  kind: TrackingKind,
  extraFilters: (req: V3Request) => Pick<TrackingCursor, 'urlId' | 'bounceCodes'> = () => ({}),
): V3Operation {
  return {
    operationId,
    method: 'get',
    path: `/reports/email_reports/{campaign_activity_id}/tracking/${kindPath}`,
    scope: 'campaign_data',
    area: AREA,
    handle(req, ctx) {
      const activity = trackedActivity(ctx, req.params.campaign_activity_id);
      const cursorParam = req.query.string('cursor');
      const request: Omit<TrackingCursor, 'at'> & { at?: TrackingPosition } = cursorParam
        ? decodeCursor<TrackingCursor>(cursorParam, AREA)
        : { limit: req.query.int('limit', { min: 1, max: 500, default: 500 }), ...extraFilters(req) };
      const { tracking, contacts } = ctx;
      const rows = tracking.group(activity.index, kind, contacts.contacts.length);
      const matches = (row: number) => {
        if (request.urlId !== undefined && activity.links[tracking.extra[row] & 0x0f]?.url_id !== request.urlId) return false;
        if (request.bounceCodes && !request.bounceCodes.includes(BOUNCE_CODES[tracking.extra[row]])) return false;
        return true;
      };
      const page: number[] = [];
      let i = TrackingStore.startAfter(rows, tracking.time, request.at);
      let hasMore = false;
      for (; i < rows.length; i++) {
        if (!matches(rows[i])) continue;
        if (page.length === request.limit) {
          hasMore = true;
          break;
        }
        page.push(rows[i]);
      }
      const links: Record<string, unknown> = {};
      if (hasMore) {
        const last = page[page.length - 1];
        const next: TrackingCursor = { ...request, at: { t: tracking.time[last], row: last } };
        links.next = { href: `/v3/reports/email_reports/${activity.id}/tracking/${kindPath}?cursor=${encodeCursor(next)}` };
      }
      return {
        status: 200,
        body: { tracking_activities: page.map((row) => trackingRow(ctx, activity, row, kind)), _links: links },
      };
    },
  };
}

function trackedActivity(ctx: SandboxContext, id: string): CampaignActivityRecord {
  if (!UUID_PATTERN.test(id)) throw validationError(AREA, `campaign_activity_id '${id}' is not a valid UUID.`);
  const activity = ctx.campaigns.getActivity(id);
  // Campaign kinds the tracking reports do not cover (the A/B test) are unknown to them.
  if (!activity || !ctx.campaigns.campaignOf(activity).trackedByReports) throw notFound(AREA, `Campaign activity ${id}`);
  return activity;
}

function trackingRow(ctx: SandboxContext, activity: CampaignActivityRecord, row: number, kind: TrackingKind): Record<string, unknown> {
  const { tracking } = ctx;
  const contact = ctx.contacts.contactBySeq(tracking.contact[row]);
  const rowKind: number = tracking.kind[row];
  const out: Record<string, unknown> = {
    contact_id: contact.id,
    campaign_activity_id: activity.id,
    tracking_activity_type: TRACKING_TYPES[rowKind],
    email_address: contact.email?.address ?? '',
  };
  if (contact.firstName) out.first_name = contact.firstName;
  if (contact.lastName) out.last_name = contact.lastName;
  const extra = tracking.extra[row];
  if (rowKind === TrackingKind.Open) out.device_type = DEVICE_TYPES[extra & 0x03];
  if (rowKind === TrackingKind.Click) {
    const link = activity.links[extra & 0x0f];
    out.device_type = DEVICE_TYPES[(extra >> 4) & 0x03];
    out.url_id = link?.url_id ?? '0';
    out.link_url = link?.link_url ?? '';
  }
  if (rowKind === TrackingKind.OptOut && OPT_OUT_REASONS[extra]) out.opt_out_reason = OPT_OUT_REASONS[extra];
  if (rowKind === TrackingKind.Bounce) {
    out.bounce_code = BOUNCE_CODES[extra] ?? 'B';
    out.current_email_address = contact.email?.address ?? '';
  }
  out.created_time = isoSeconds(tracking.time[row]);
  if (contact.deletedAt !== undefined) out.deleted_at = isoDate(contact.deletedAt);
  void kind;
  return out;
}

/** CC's unique counts for a campaign: from the tracking rows, or preset for untracked kinds. */
export function campaignUniqueCounts(ctx: SandboxContext, campaign: CampaignRecord): UniqueCounts {
  if (campaign.presetCounts) return campaign.presetCounts;
  const primary = campaign.activities.find((a) => a.role === 'primary_email');
  const n = ctx.contacts.contacts.length;
  const count = (kind: TrackingKind) => (primary ? ctx.tracking.uniqueCount(primary.index, kind, n) : 0);
  return {
    sends: count(TrackingKind.Send),
    opens: count(TrackingKind.Open),
    clicks: count(TrackingKind.Click),
    forwards: count(TrackingKind.Forward),
    optouts: count(TrackingKind.OptOut),
    abuse: 0,
    bounces: count(TrackingKind.Bounce),
    not_opened: count(TrackingKind.DidNotOpen),
  };
}

export const reportsOperations: V3Operation[] = [
  {
    operationId: 'getAllBulkEmailCampaignSummaries',
    method: 'get',
    path: '/reports/summary_reports/email_campaign_summaries',
    scope: 'campaign_data',
    area: AREA,
    handle(req, ctx) {
      const cursor = req.query.string('cursor');
      const request = cursor
        ? decodeCursor<{ limit: number; offset: number }>(cursor, AREA)
        : { limit: req.query.int('limit', { min: 1, max: 500, default: 50 }), offset: 0 };
      const sent = ctx.campaigns.campaigns
        .filter((c) => c.lastSentAt !== undefined && c.status !== 'Draft')
        .sort((a, b) => b.lastSentAt! - a.lastSentAt! || a.id.localeCompare(b.id));
      const page = sent.slice(request.offset, request.offset + request.limit);
      let sends = 0;
      const totals = { opens: 0, clicks: 0, bounces: 0, optouts: 0, not_opened: 0 };
      const summaries = page.map((c) => {
        const unique = campaignUniqueCounts(ctx, c);
        sends += unique.sends;
        totals.opens += unique.opens;
        totals.clicks += unique.clicks;
        totals.bounces += unique.bounces;
        totals.optouts += unique.optouts;
        totals.not_opened += unique.not_opened;
        return { campaign_id: c.id, campaign_type: c.type, last_sent_date: new Date(c.lastSentAt!).toISOString(), unique_counts: unique };
      });
      const percent = (part: number) => (sends ? Math.round((part / sends) * 10_000) / 100 : 0);
      const body: Record<string, unknown> = {
        bulk_email_campaign_summaries: summaries,
        aggregate_percents: {
          open: percent(totals.opens),
          click: percent(totals.clicks),
          did_not_open: percent(totals.not_opened),
          bounce: percent(totals.bounces),
          unsubscribe: percent(totals.optouts),
        },
        _links: {},
      };
      if (request.offset + request.limit < sent.length) {
        body._links = {
          next: {
            href: `/v3/reports/summary_reports/email_campaign_summaries?cursor=${encodeCursor({ ...request, offset: request.offset + request.limit })}`,
          },
        };
      }
      return { status: 200, body };
    },
  },
  {
    operationId: 'getContactTracking',
    method: 'get',
    path: '/reports/contact_reports/{contact_id}/activity_details',
    scope: 'contact_data',
    area: AREA,
    handle(req, ctx) {
      const contact = UUID_PATTERN.test(req.params.contact_id) ? ctx.contacts.getContact(req.params.contact_id) : undefined;
      if (!contact) throw notFound(AREA, `Contact ${req.params.contact_id}`);
      const cursorParam = req.query.string('cursor');
      let request: Omit<TrackingCursor, 'at'> & { at?: TrackingPosition };
      if (cursorParam) request = decodeCursor<TrackingCursor>(cursorParam, AREA);
      else {
        const list = req.query.csv('tracking_activities_list', { allowed: CONTACT_TRACKING_TYPES });
        const repeated = req.query.multi('tracking_activity_type');
        if (list && repeated) throw validationError(AREA, 'tracking_activities_list and tracking_activity_type are mutually exclusive.');
        const types = list ?? repeated?.flatMap((t) => t.split(','));
        if (!types?.length) throw validationError(AREA, 'Specify tracking_activities_list or tracking_activity_type.');
        const bad = types.find((t) => !(CONTACT_TRACKING_TYPES as readonly string[]).includes(t));
        if (bad) throw validationError(AREA, `tracking_activity_type: '${bad}' is not a valid tracking activity type.`);
        request = {
          limit: req.query.int('limit', { min: 1, max: 100, default: 100 }),
          types: types.map((t) => (TRACKING_TYPES as readonly string[]).indexOf(t)).filter((k) => k >= 0),
          names: req.query.bool('include_campaign_activity_names') ?? true,
        };
      }
      const { tracking, campaigns } = ctx;
      const rows = tracking.contactRows(contact.seq, ctx.contacts.contacts.length);
      const wanted = new Set(request.types);
      const page: number[] = [];
      let hasMore = false;
      for (let i = TrackingStore.startAfter(rows, tracking.time, request.at); i < rows.length; i++) {
        const row = rows[i];
        if (!wanted.has(tracking.kind[row])) continue;
        const activity = campaigns.activities[tracking.activity[row]];
        if (!campaigns.campaignOf(activity).trackedByReports) continue;
        if (page.length === request.limit) {
          hasMore = true;
          break;
        }
        page.push(row);
      }
      const items = page.map((row) => {
        const activity = campaigns.activities[tracking.activity[row]];
        const item: Record<string, unknown> = {
          contact_id: contact.id,
          campaign_activity_id: activity.id,
          created_time: isoSeconds(tracking.time[row]),
          tracking_activity_type: TRACKING_TYPES[tracking.kind[row]],
        };
        if (request.names) item.campaign_activity_name = campaigns.campaignOf(activity).name;
        return item;
      });
      const links: Record<string, unknown> = {};
      if (hasMore) {
        const last = page[page.length - 1];
        const next: TrackingCursor = { ...request, at: { t: tracking.time[last], row: last } } as TrackingCursor;
        links.next = { href: `/v3/reports/contact_reports/${contact.id}/activity_details?cursor=${encodeCursor(next)}` };
      }
      return { status: 200, body: { tracking_activities: items, _links: links } };
    },
  },
  trackingOperation('getSends', 'sends', TrackingKind.Send),
  trackingOperation('getOpens', 'opens', TrackingKind.Open),
  trackingOperation('getUniqueOpens', 'unique_opens', TrackingKind.UniqueOpen),
  trackingOperation('getDidNotOpens', 'didnotopens', TrackingKind.DidNotOpen),
  trackingOperation('getClicks', 'clicks', TrackingKind.Click, (req) => {
    const raw = req.query.string('url_id');
    if (raw !== undefined && !/^\d+$/.test(raw)) throw validationError(AREA, 'url_id must be an integer.');
    return { urlId: raw };
  }),
  trackingOperation('getForwards', 'forwards', TrackingKind.Forward),
  trackingOperation('getOptouts', 'optouts', TrackingKind.OptOut),
  trackingOperation('getBounces', 'bounces', TrackingKind.Bounce, (req) => {
    const codes = req.query.multi('bounce_code')?.flatMap((c) => c.split(','));
    const bad = codes?.find((c) => !(BOUNCE_CODES as readonly string[]).includes(c));
    if (bad) throw validationError(AREA, `bounce_code: '${bad}' is not one of ${BOUNCE_CODES.join(', ')}.`);
    return { bounceCodes: codes };
  }),
];
