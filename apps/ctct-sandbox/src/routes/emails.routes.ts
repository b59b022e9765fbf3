import { notFound } from '../http/errors';
import { decodeCursor, encodeCursor } from '../http/query';
import { V3Operation } from '../http/v3-router';
import { toEmailCampaign, toEmailCampaignActivity, toEmailCampaignSummary } from '../store/campaign.store';

const AREA = 'emails';

interface EmailsCursor {
  limit: number;
  after?: number;
  before?: number;
  offset: number;
}

export const emailsOperations: V3Operation[] = [
  {
    operationId: 'retrieveEmailCampaignsUsingGET',
    method: 'get',
    path: '/emails',
    scope: 'campaign_data',
    area: AREA,
    handle(req, ctx) {
      const cursor = req.query.string('cursor');
      const request: EmailsCursor = cursor
        ? decodeCursor<EmailsCursor>(cursor, AREA)
        : {
            limit: req.query.int('limit', { min: 1, max: 500, default: 50 }),
            after: req.query.dateTime('after_date'),
            before: req.query.dateTime('before_date'),
            offset: 0,
          };
      // Filters on the campaign's updated_at and includes removed campaigns (facts §7); newest first.
      const matching = ctx.campaigns.campaigns
        .filter(
          (c) =>
            (request.after === undefined || c.updatedAt >= request.after) &&
            (request.before === undefined || c.updatedAt <= request.before),
        )
        .sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
      const page = matching.slice(request.offset, request.offset + request.limit);
      const body: Record<string, unknown> = { campaigns: page.map(toEmailCampaignSummary) };
      if (request.offset + request.limit < matching.length) {
        body._links = { next: { href: `/v3/emails?cursor=${encodeCursor({ ...request, offset: request.offset + request.limit })}` } };
      }
      return { status: 200, body };
    },
  },
  {
    operationId: 'retrieveEmailCampaignUsingGET',
    method: 'get',
    path: '/emails/{campaign_id}',
    scope: 'campaign_data',
    area: AREA,
    handle(req, ctx) {
      const campaign = ctx.campaigns.get(req.params.campaign_id);
      if (!campaign) throw notFound(AREA, `Email campaign ${req.params.campaign_id}`);
      return { status: 200, body: toEmailCampaign(campaign) };
    },
  },
  {
    operationId: 'retrieveEmailCampaignActivityUsingGET',
    method: 'get',
    path: '/emails/activities/{campaign_activity_id}',
    scope: 'campaign_data',
    area: AREA,
    handle(req, ctx) {
      const include = new Set(
        req.query.csv('include', { allowed: ['physical_address_in_footer', 'permalink_url', 'html_content', 'document_properties'] }) ?? [],
      );
      const activity = ctx.campaigns.getActivity(req.params.campaign_activity_id);
      if (!activity) throw notFound(AREA, `Email campaign activity ${req.params.campaign_activity_id}`);
      return { status: 200, body: toEmailCampaignActivity(activity, include) };
    },
  },
];
