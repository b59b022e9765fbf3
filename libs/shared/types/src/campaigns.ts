export interface EngagementCounts {
  sends: number;
  opens: number;
  clicks: number;
  bounces: number;
  forwards: number;
  optouts: number;
}

/** A sent CC campaign: CC's own unique counts and what we imported as Interactions. */
export interface CampaignStatsDto {
  campaignId: string;
  name: string;
  type: string | null;
  lastSentAt: string | null;
  /** False for kinds the API does not report (A/B tests…): nothing is imported for them. */
  tracked: boolean;
  ctctUniqueCounts: EngagementCounts;
  imported: EngagementCounts;
}

export interface CampaignTimelinePoint {
  /** Start of the bucket (ISO). */
  at: string;
  opens: number;
  clicks: number;
  bounces: number;
  optouts: number;
  forwards: number;
}

export interface CampaignTimelineDto {
  campaignId: string;
  bucket: 'hour' | 'day';
  points: CampaignTimelinePoint[];
}
