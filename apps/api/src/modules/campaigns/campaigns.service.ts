import { Injectable } from '@nestjs/common';
import type { CampaignStatsDto, CampaignTimelineDto, EngagementCounts } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/domain-errors';
import { sql } from '../../common/sql';

const TYPE_COUNTS = `count(*) FILTER (WHERE type = 'email_send')::int AS sends, count(*) FILTER (WHERE type = 'email_open')::int AS opens,
  count(*) FILTER (WHERE type = 'email_click')::int AS clicks, count(*) FILTER (WHERE type = 'email_bounce')::int AS bounces,
  count(*) FILTER (WHERE type = 'email_forward')::int AS forwards, count(*) FILTER (WHERE type = 'email_optout')::int AS optouts`;

interface CampaignStatsRow extends Partial<EngagementCounts> {
  campaign_id: string;
  name: string | null;
  campaign_type: string | null;
  last_sent_date: Date | null;
  tracked: boolean;
  unique_counts: Record<string, number> | null;
}

interface TimelinePointRow extends EngagementCounts {
  at: Date;
}

/**
 * Per-campaign engagement: CC's unique counts (from the activities job) beside what was imported. A read model
 * over the mirror's ctct_campaigns and interactions (joins stay SQL here; it writes nothing).
 */
@Injectable()
export class CampaignsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<CampaignStatsDto[]> {
    const rows = await sql.rows<CampaignStatsRow>(
      this.dataSource,
      `SELECT c.campaign_id, c.name, c.campaign_type, c.last_sent_date, c.tracked, c.unique_counts, i.*
         FROM ctct_campaigns c
         LEFT JOIN LATERAL (SELECT ${TYPE_COUNTS} FROM interactions WHERE campaign_id = c.campaign_id) i ON true
        ORDER BY c.last_sent_date DESC NULLS LAST, c.name`,
    );
    return rows.map((row) => ({
      campaignId: row.campaign_id,
      name: row.name ?? row.campaign_id,
      type: row.campaign_type ?? null,
      lastSentAt: row.last_sent_date ? new Date(row.last_sent_date).toISOString() : null,
      tracked: row.tracked,
      ctctUniqueCounts: pickCounts(row.unique_counts ?? {}),
      imported: pickCounts(row),
    }));
  }

  /** Engagement over time for one campaign (UTC buckets), by hour when it spans two days or less, else by day. */
  async timeline(campaignId: string, bucket?: 'hour' | 'day'): Promise<CampaignTimelineDto> {
    const campaign = await sql.one(this.dataSource, `SELECT last_sent_date FROM ctct_campaigns WHERE campaign_id = $1`, [campaignId]);
    if (!campaign) throw new NotFoundError(`No campaign ${campaignId} has been synced`);
    const span = (await sql.one<{ first: Date | null; last: Date | null }>(
      this.dataSource,
      `SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM interactions WHERE campaign_id = $1 AND type <> 'email_send'`,
      [campaignId],
    ))!;
    const spansTwoDaysOrLess = span.first && new Date(span.last!).getTime() - new Date(span.first).getTime() <= 2 * 86_400_000;
    const chosen = bucket ?? (spansTwoDaysOrLess ? 'hour' : 'day');
    const rows = await sql.rows<TimelinePointRow>(
      this.dataSource,
      `SELECT date_trunc($2, occurred_at, 'UTC') AS at, ${TYPE_COUNTS} FROM interactions
        WHERE campaign_id = $1 AND type <> 'email_send' GROUP BY 1 ORDER BY 1`,
      [campaignId, chosen],
    );
    return {
      campaignId,
      bucket: chosen,
      points: rows.map((row) => ({
        at: new Date(row.at).toISOString(),
        opens: row.opens,
        clicks: row.clicks,
        bounces: row.bounces,
        optouts: row.optouts,
        forwards: row.forwards,
      })),
    };
  }
}

function pickCounts(source: Partial<Record<keyof EngagementCounts, number>>): EngagementCounts {
  return {
    sends: source.sends ?? 0,
    opens: source.opens ?? 0,
    clicks: source.clicks ?? 0,
    bounces: source.bounces ?? 0,
    forwards: source.forwards ?? 0,
    optouts: source.optouts ?? 0,
  };
}
