import { Injectable } from '@nestjs/common';
import type { CampaignStatsDto, CampaignTimelineDto, EngagementCounts } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/domain-errors';

const TYPE_COUNTS = `count(*) FILTER (WHERE type = 'email_send')::int AS sends, count(*) FILTER (WHERE type = 'email_open')::int AS opens,
  count(*) FILTER (WHERE type = 'email_click')::int AS clicks, count(*) FILTER (WHERE type = 'email_bounce')::int AS bounces,
  count(*) FILTER (WHERE type = 'email_forward')::int AS forwards, count(*) FILTER (WHERE type = 'email_optout')::int AS optouts`;

/** Per-campaign engagement: CC's unique counts (from the activities job) beside what was imported. */
@Injectable()
export class CampaignsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<CampaignStatsDto[]> {
    const rows = await this.dataSource.query(
      `SELECT c.campaign_id, c.name, c.campaign_type, c.last_sent_date, c.tracked, c.unique_counts, i.*
         FROM ctct_campaigns c
         LEFT JOIN LATERAL (SELECT ${TYPE_COUNTS} FROM interactions WHERE campaign_id = c.campaign_id) i ON true
        ORDER BY c.last_sent_date DESC NULLS LAST, c.name`,
    );
    return rows.map((row: Record<string, unknown>) => ({
      campaignId: row.campaign_id as string,
      name: (row.name as string) ?? (row.campaign_id as string),
      type: (row.campaign_type as string) ?? null,
      lastSentAt: row.last_sent_date ? new Date(row.last_sent_date as string).toISOString() : null,
      tracked: row.tracked as boolean,
      ctctUniqueCounts: pickCounts((row.unique_counts as Record<string, number>) ?? {}),
      imported: pickCounts(row as Record<string, number>),
    }));
  }

  /** Engagement over time for one campaign (UTC buckets), by hour when it spans two days or less, else by day. */
  async timeline(campaignId: string, bucket?: 'hour' | 'day'): Promise<CampaignTimelineDto> {
    const [campaign] = await this.dataSource.query(`SELECT last_sent_date FROM ctct_campaigns WHERE campaign_id = $1`, [campaignId]);
    if (!campaign) throw new NotFoundError(`No campaign ${campaignId} has been synced`);
    const [span] = await this.dataSource.query(
      `SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM interactions WHERE campaign_id = $1 AND type <> 'email_send'`,
      [campaignId],
    );
    const chosen = bucket ?? (span.first && new Date(span.last).getTime() - new Date(span.first).getTime() <= 2 * 86_400_000 ? 'hour' : 'day');
    const rows = await this.dataSource.query(
      `SELECT date_trunc($2, occurred_at, 'UTC') AS at, ${TYPE_COUNTS} FROM interactions
        WHERE campaign_id = $1 AND type <> 'email_send' GROUP BY 1 ORDER BY 1`,
      [campaignId, chosen],
    );
    return {
      campaignId,
      bucket: chosen,
      points: rows.map((row: Record<string, unknown>) => ({
        at: new Date(row.at as string).toISOString(),
        opens: row.opens as number,
        clicks: row.clicks as number,
        bounces: row.bounces as number,
        optouts: row.optouts as number,
        forwards: row.forwards as number,
      })),
    };
  }
}

function pickCounts(source: Record<string, number>): EngagementCounts {
  return {
    sends: source.sends ?? 0,
    opens: source.opens ?? 0,
    clicks: source.clicks ?? 0,
    bounces: source.bounces ?? 0,
    forwards: source.forwards ?? 0,
    optouts: source.optouts ?? 0,
  };
}
