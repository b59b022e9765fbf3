import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctApiError } from '../../ctct/ctct-errors';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctCampaignSummary as CampaignSummary, CtctTrackingPage } from '../../ctct/ctct-v3.types';
import { SettingsService } from '../../settings/settings.service';
import { JobContext } from '../../runs/job-context';
import { RunJob } from '../../runs/run-job';
import { COUNT_EQUALS_ROWS, InteractionInsert, toInteraction, TRACKING_KINDS, TrackingKind, TrackingRow } from './tracking-rows';

export const REPORT_PAGE_SIZE = 500;
const SUMMARY_PAGE_SIZE = 500;
// Campaign kinds CC's per-campaign tracking reports do not cover; they are named in the run's notes.
const UNTRACKED_CAMPAIGN_TYPES = new Set(['AB_TEST', 'AUTOMATED_EMAIL', 'AUTOMATED_SERIES', 'TRIGGERED_EMAIL']);
// Re-check opens and clicks of a campaign with unchanged unique counts only while it is this recent.
const RECENT_CAMPAIGN_MS = 7 * 86_400_000;

interface PlannedCampaign {
  campaignId: string;
  activityId: string;
  name: string;
  /** Kinds left to import, each with CC's unique count at planning time. */
  kinds: Array<{ kind: TrackingKind; uniqueCount: number }>;
}

interface ActivitiesCheckpoint {
  campaigns: PlannedCampaign[];
  campaignIndex: number;
  kindIndex: number;
  nextHref: string | null;
  /** Newest event time seen so far for the kind in progress (the first row of its first page). */
  newestSeen: string | null;
  /** The kind in progress's watermark (ms), read once when the kind starts; undefined = not read yet. */
  watermark?: number | null;
  rows: number;
}

/**
 * Imports email engagement as Interactions, by the route with the fewest calls: the per-campaign tracking
 * reports (500 rows a call, newest first) rather than per-contact activity details (100 a call, one contact
 * each). A kind whose CC unique count has not changed since the last import costs no call; otherwise paging
 * stops at the newest event already recorded. Each event has a unique key, so re-runs and resumes never
 * duplicate one. Campaign kinds the reports do not cover are listed in the run's notes.
 */
@Injectable()
export class ActivitiesJob implements RunJob<ActivitiesCheckpoint> {
  readonly name = 'activities' as const;

  constructor(
    private readonly client: CtctClient,
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async run(context: JobContext<ActivitiesCheckpoint>): Promise<void> {
    let checkpoint = context.checkpoint ?? (await this.plan(context));
    while (checkpoint.campaignIndex < checkpoint.campaigns.length) {
      const campaign = checkpoint.campaigns[checkpoint.campaignIndex];
      if (checkpoint.kindIndex >= campaign.kinds.length) {
        checkpoint = { ...checkpoint, campaignIndex: checkpoint.campaignIndex + 1, kindIndex: 0, nextHref: null, newestSeen: null, watermark: undefined };
        await context.save(checkpoint, checkpoint.rows);
        continue;
      }
      checkpoint = await this.importKind(campaign, checkpoint, context);
    }
  }

  /** Finds sent campaigns and decides which reports to read; saved as the checkpoint so a resume does not redo it. */
  private async plan(context: JobContext<ActivitiesCheckpoint>): Promise<ActivitiesCheckpoint> {
    const summaries: CampaignSummary[] = [];
    for await (const page of this.client.pages('getAllBulkEmailCampaignSummaries', {
      query: { limit: SUMMARY_PAGE_SIZE },
    })) {
      summaries.push(...(page.bulk_email_campaign_summaries ?? []));
    }
    const known = await this.knownCampaigns(summaries.map((summary) => summary.campaign_id));
    const watermarks = await this.watermarks();
    const campaigns: PlannedCampaign[] = [];
    for (const summary of summaries) {
      let campaign = known.get(summary.campaign_id);
      if (!campaign) {
        campaign = await this.describeCampaign(summary);
        known.set(summary.campaign_id, campaign);
      }
      await this.dataSource.query(
        `UPDATE ctct_campaigns SET unique_counts = $2, last_sent_date = $3, campaign_type = coalesce($4, campaign_type), updated_at = now() WHERE campaign_id = $1`,
        [summary.campaign_id, JSON.stringify(summary.unique_counts ?? {}), summary.last_sent_date ?? null, summary.campaign_type ?? null],
      );
      if (!campaign.tracked || !campaign.activityId) {
        context.note(`Not reported by the Constant Contact API, so not imported: "${campaign.name}" (${summary.campaign_type ?? 'unknown kind'}).`);
        continue;
      }
      const recent = summary.last_sent_date ? Date.now() - Date.parse(summary.last_sent_date) < RECENT_CAMPAIGN_MS : true;
      const kinds = TRACKING_KINDS.flatMap(({ kind, uniqueCount }) => {
        const count = summary.unique_counts?.[uniqueCount] ?? 0;
        if (count === 0) return [];
        const previous = watermarks.get(`${campaign!.activityId}:${kind}`);
        const unchanged = previous !== undefined && previous === count;
        if (unchanged && (COUNT_EQUALS_ROWS.has(kind) || !recent)) return [];
        return [{ kind, uniqueCount: count }];
      });
      if (kinds.length) campaigns.push({ campaignId: summary.campaign_id, activityId: campaign.activityId, name: campaign.name, kinds });
    }
    context.setTotal(campaigns.reduce((sum, campaign) => sum + campaign.kinds.reduce((inner, kind) => inner + kind.uniqueCount, 0), 0));
    const checkpoint: ActivitiesCheckpoint = { campaigns, campaignIndex: 0, kindIndex: 0, nextHref: null, newestSeen: null, rows: 0 };
    await context.save(checkpoint, 0);
    return checkpoint;
  }

  /** Reads one page of one report, records it, and returns the checkpoint after it. */
  private async importKind(campaign: PlannedCampaign, checkpoint: ActivitiesCheckpoint, context: JobContext<ActivitiesCheckpoint>): Promise<ActivitiesCheckpoint> {
    const planned = campaign.kinds[checkpoint.kindIndex];
    const kind = TRACKING_KINDS.find((entry) => entry.kind === planned.kind)!;
    const watermark = checkpoint.watermark !== undefined ? checkpoint.watermark : await this.watermarkTime(campaign.activityId, kind.kind);
    let page: CtctTrackingPage;
    try {
      page = await this.client.call(kind.operation, {
        params: { campaign_activity_id: campaign.activityId },
        href: checkpoint.nextHref,
        query: checkpoint.nextHref ? undefined : { limit: REPORT_PAGE_SIZE },
      });
    } catch (error) {
      if (error instanceof CtctApiError && error.httpStatus === 404) {
        await this.dataSource.query(`UPDATE ctct_campaigns SET tracked = false WHERE campaign_id = $1`, [campaign.campaignId]);
        context.note(`Not reported by the Constant Contact API, so not imported: "${campaign.name}".`);
        return { ...checkpoint, kindIndex: campaign.kinds.length, nextHref: null, newestSeen: null, watermark: undefined };
      }
      throw error;
    }
    const rows = page.tracking_activities ?? [];
    // Newest first: everything older than the newest event already recorded was imported by an earlier run.
    const fresh = watermark ? rows.filter((row) => Date.parse(row.created_time) >= watermark) : rows;
    const reachedKnown = fresh.length < rows.length;
    const newestSeen = checkpoint.newestSeen ?? rows[0]?.created_time ?? null;
    await this.insertInteractions(fresh.map((row) => toInteraction(kind, row, { campaignId: campaign.campaignId, name: campaign.name })), context);
    if (kind.kind === 'optouts') await this.applyOptOuts(fresh, context);
    const nextHref = reachedKnown ? null : (page._links?.next?.href ?? null);
    let next: ActivitiesCheckpoint = { ...checkpoint, nextHref, newestSeen, watermark, rows: checkpoint.rows + fresh.length };
    if (!nextHref) {
      await this.saveWatermark(campaign.activityId, kind.kind, newestSeen, planned.uniqueCount);
      next = { ...next, kindIndex: checkpoint.kindIndex + 1, newestSeen: null, watermark: undefined };
    }
    await context.save(next, next.rows);
    return next;
  }

  private async insertInteractions(rows: InteractionInsert[], context: JobContext<ActivitiesCheckpoint>): Promise<void> {
    if (rows.length === 0) return;
    const [{ inserted, linked }] = await this.dataSource.query(
      `WITH incoming AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[],
                               $9::varchar[], $10::text[], $11::varchar[], $12::varchar[])
           AS t(ctct_contact_id, type, occurred_at, campaign_id, campaign_activity_id, campaign_name, description, url, bounce_code,
                opt_out_reason, email_address, dedupe_key)
       ), written AS (
         INSERT INTO interactions (contact_id, ctct_contact_id, type, occurred_at, campaign_id, campaign_activity_id, campaign_name,
                                   description, url, bounce_code, opt_out_reason, email_address, dedupe_key, source_run_id)
         SELECT c.id, t.ctct_contact_id, t.type, t.occurred_at, t.campaign_id, t.campaign_activity_id, t.campaign_name, t.description,
                t.url, t.bounce_code, t.opt_out_reason, t.email_address, t.dedupe_key, $13
           FROM incoming t LEFT JOIN contacts c ON c.ctct_contact_id = t.ctct_contact_id AND c.deleted_at IS NULL
         ON CONFLICT DO NOTHING
         RETURNING contact_id
       )
       SELECT count(*)::int AS inserted, count(contact_id)::int AS linked FROM written`,
      [
        rows.map((row) => row.ctctContactId),
        rows.map((row) => row.type),
        rows.map((row) => row.occurredAt),
        rows.map((row) => row.campaignId),
        rows.map((row) => row.campaignActivityId),
        rows.map((row) => row.campaignName),
        rows.map((row) => row.description),
        rows.map((row) => row.url),
        rows.map((row) => row.bounceCode),
        rows.map((row) => row.optOutReason),
        rows.map((row) => row.email),
        rows.map((row) => row.dedupeKey),
        context.runId,
      ],
    );
    context.count('created', inserted);
    context.count('onLinkedContacts', linked);
    // Events of CC contacts not linked to a CRM contact are kept (they attach when linking happens), never turned into CRM contacts.
    context.count('onUnlinkedContacts', inserted - linked);
    context.count('alreadyImported', rows.length - inserted);
  }

  /** An opt-out in a campaign report: the linked CRM contact gets Do Not Email (setting, on by default). */
  private async applyOptOuts(rows: TrackingRow[], context: JobContext<ActivitiesCheckpoint>): Promise<void> {
    if (rows.length === 0 || !(await this.settings.get('sync.optOutSetsDoNotEmail'))) return;
    const flagged: Array<{ id: string; email: string | null }> = await this.dataSource
      .query(
        `UPDATE contacts SET do_not_email = true, updated_at = now()
          WHERE ctct_contact_id = ANY($1::uuid[]) AND NOT do_not_email AND deleted_at IS NULL RETURNING id, email`,
        [rows.map((row) => row.contact_id)],
      )
      .then((result: [Array<{ id: string; email: string | null }>, number]) => result[0]);
    if (flagged.length) {
      context.count('updated', flagged.length);
      context.count('optOuts', flagged.length);
      await context.record(flagged.map((row) => ({ outcome: 'updated' as const, reason: 'opted out in a Constant Contact campaign: Do Not Email set', crmContactId: row.id, label: row.email })));
    }
  }

  private async describeCampaign(summary: CampaignSummary): Promise<{ name: string; activityId: string | null; tracked: boolean }> {
    const email = await this.client.call('retrieveEmailCampaignUsingGET', { params: { campaign_id: summary.campaign_id } });
    const activityId = email.campaign_activities?.find((activity) => activity.role === 'primary_email')?.campaign_activity_id ?? null;
    const type = summary.campaign_type ?? email.type ?? null;
    const tracked = !UNTRACKED_CAMPAIGN_TYPES.has(type ?? '');
    const name = email.name ?? summary.campaign_id;
    await this.dataSource.query(
      `INSERT INTO ctct_campaigns (campaign_id, name, campaign_type, primary_activity_id, tracked) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (campaign_id) DO UPDATE SET name = excluded.name, campaign_type = excluded.campaign_type,
         primary_activity_id = excluded.primary_activity_id, tracked = excluded.tracked, updated_at = now()`,
      [summary.campaign_id, name, type, activityId, tracked],
    );
    return { name, activityId, tracked };
  }

  private async knownCampaigns(ids: string[]): Promise<Map<string, { name: string; activityId: string | null; tracked: boolean }>> {
    const rows: Array<{ campaign_id: string; name: string; primary_activity_id: string | null; tracked: boolean }> = await this.dataSource.query(
      `SELECT campaign_id, name, primary_activity_id, tracked FROM ctct_campaigns WHERE campaign_id = ANY($1::uuid[]) AND name IS NOT NULL`,
      [ids],
    );
    return new Map(rows.map((row) => [row.campaign_id, { name: row.name, activityId: row.primary_activity_id, tracked: row.tracked }]));
  }

  private async watermarks(): Promise<Map<string, number>> {
    const rows: Array<{ campaign_activity_id: string; kind: string; imported_unique_count: number }> = await this.dataSource.query(
      `SELECT campaign_activity_id, kind, imported_unique_count FROM ctct_tracking_watermarks`,
    );
    return new Map(rows.map((row) => [`${row.campaign_activity_id}:${row.kind}`, row.imported_unique_count]));
  }

  private async watermarkTime(activityId: string, kind: TrackingKind): Promise<number | null> {
    const [row] = await this.dataSource.query(`SELECT newest_event_at FROM ctct_tracking_watermarks WHERE campaign_activity_id = $1 AND kind = $2`, [activityId, kind]);
    return row?.newest_event_at ? new Date(row.newest_event_at).getTime() : null;
  }

  private async saveWatermark(activityId: string, kind: TrackingKind, newest: string | null, uniqueCount: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ctct_tracking_watermarks (campaign_activity_id, kind, newest_event_at, imported_unique_count) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_activity_id, kind) DO UPDATE SET
         newest_event_at = greatest(ctct_tracking_watermarks.newest_event_at, excluded.newest_event_at),
         imported_unique_count = excluded.imported_unique_count, updated_at = now()`,
      [activityId, kind, newest, uniqueCount],
    );
  }
}
