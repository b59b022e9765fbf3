import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CtctApiError } from '../../ctct/ctct-errors';
import { CtctClient } from '../../ctct/ctct.client';
import type { CtctCampaignSummary as CampaignSummary, CtctTrackingPage } from '../../ctct/ctct-v3.types';
import { ConsentLedger } from '../../consent/consent-ledger';
import { ctctOptOutsImported } from '../../consent/consent-events';
import { ContactsRepository } from '../../contacts/contacts.repository';
import { CtctMirrorService } from '../../ctct-mirror/ctct-mirror.service';
import { InteractionsRepository } from '../../interactions/interactions.repository';
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
    private readonly mirror: CtctMirrorService,
    private readonly interactions: InteractionsRepository,
    private readonly contacts: ContactsRepository,
    private readonly ledger: ConsentLedger,
  ) {}

  async run(context: JobContext<ActivitiesCheckpoint>): Promise<void> {
    let checkpoint = context.checkpoint ?? (await this.plan(context));
    while (checkpoint.campaignIndex < checkpoint.campaigns.length) {
      const campaign = checkpoint.campaigns[checkpoint.campaignIndex];
      if (checkpoint.kindIndex >= campaign.kinds.length) {
        checkpoint = {
          ...checkpoint,
          campaignIndex: checkpoint.campaignIndex + 1,
          kindIndex: 0,
          nextHref: null,
          newestSeen: null,
          watermark: undefined,
        };
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
      await this.mirror.recordCampaignSummary(this.dataSource, {
        campaignId: summary.campaign_id,
        uniqueCounts: summary.unique_counts ?? {},
        lastSentDate: summary.last_sent_date ?? null,
        type: summary.campaign_type ?? null,
      });
      if (!campaign.tracked || !campaign.activityId) {
        context.note(
          `Not reported by the Constant Contact API, so not imported: "${campaign.name}" (${summary.campaign_type ?? 'unknown kind'}).`,
        );
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
  private async importKind(
    campaign: PlannedCampaign,
    checkpoint: ActivitiesCheckpoint,
    context: JobContext<ActivitiesCheckpoint>,
  ): Promise<ActivitiesCheckpoint> {
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
        await this.mirror.markCampaignUntracked(this.dataSource, campaign.campaignId);
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
    await this.insertInteractions(
      fresh.map((row) => toInteraction(kind, row, { campaignId: campaign.campaignId, name: campaign.name })),
      context,
    );
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
    const { inserted, linked } = await this.interactions.importBatch(this.dataSource, rows, context.runId);
    context.count('created', inserted);
    context.count('onLinkedContacts', linked);
    // Events of CC contacts not linked to a CRM contact are kept (they attach when linking happens), never turned into CRM contacts.
    context.count('onUnlinkedContacts', inserted - linked);
    context.count('alreadyImported', rows.length - inserted);
  }

  /** An opt-out in a campaign report: the linked CRM contact gets Do Not Email (setting, on by default). */
  private async applyOptOuts(rows: TrackingRow[], context: JobContext<ActivitiesCheckpoint>): Promise<void> {
    if (rows.length === 0 || !(await this.settings.get('sync.optOutSetsDoNotEmail'))) return;
    // Do Not Email and its consent event commit together (the ledger names this report page's call as the carrier).
    const facts = rows.map((row) => ({
      ctctContactId: row.contact_id,
      optOutSource: 'Contact',
      optOutDate: row.created_time,
      optOutReason: row.opt_out_reason ?? null,
    }));
    const flagged = await this.dataSource.transaction(async (manager) => {
      const changed = await this.contacts.setDoNotEmailForCtctOptOuts(
        manager,
        rows.map((row) => row.contact_id),
      );
      await this.ledger.record(manager, ctctOptOutsImported(changed, facts, 'activities'));
      return changed;
    });
    if (flagged.length) {
      context.count('updated', flagged.length);
      context.count('optOuts', flagged.length);
      await context.record(
        flagged.map((row) => ({
          outcome: 'updated' as const,
          reason: 'opted out in a Constant Contact campaign: Do Not Email set',
          crmContactId: row.id,
          label: row.email,
        })),
      );
    }
  }

  private async describeCampaign(summary: CampaignSummary): Promise<{ name: string; activityId: string | null; tracked: boolean }> {
    const email = await this.client.call('retrieveEmailCampaignUsingGET', { params: { campaign_id: summary.campaign_id } });
    const activityId = email.campaign_activities?.find((activity) => activity.role === 'primary_email')?.campaign_activity_id ?? null;
    const type = summary.campaign_type ?? email.type ?? null;
    const tracked = !UNTRACKED_CAMPAIGN_TYPES.has(type ?? '');
    const name = email.name ?? summary.campaign_id;
    await this.mirror.recordCampaign(this.dataSource, { campaignId: summary.campaign_id, name, type, activityId, tracked });
    return { name, activityId, tracked };
  }

  private async knownCampaigns(ids: string[]): Promise<Map<string, { name: string; activityId: string | null; tracked: boolean }>> {
    const rows = await this.mirror.knownCampaigns(this.dataSource, ids);
    return new Map(rows.map((row) => [row.campaign_id, { name: row.name, activityId: row.primary_activity_id, tracked: row.tracked }]));
  }

  private async watermarks(): Promise<Map<string, number>> {
    const rows = await this.mirror.watermarks(this.dataSource);
    return new Map(rows.map((row) => [`${row.campaign_activity_id}:${row.kind}`, row.imported_unique_count]));
  }

  private async watermarkTime(activityId: string, kind: TrackingKind): Promise<number | null> {
    const newest = await this.mirror.newestImportedEvent(this.dataSource, activityId, kind);
    return newest ? new Date(newest).getTime() : null;
  }

  private async saveWatermark(activityId: string, kind: TrackingKind, newest: string | null, uniqueCount: number): Promise<void> {
    await this.mirror.recordWatermark(this.dataSource, activityId, kind, newest, uniqueCount);
  }
}
