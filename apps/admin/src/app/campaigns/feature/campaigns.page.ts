import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { ActivatedRoute, Router } from '@angular/router';
import type { CampaignStatsDto, CampaignTimelineDto } from '@ctct/shared-types';
import { toApiError } from '../../core/http/api-error';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { CampaignsApi } from '../data-access/campaigns.api';
import { campaignTypeLabel, formatCount, rateOfSends } from '../data-access/campaign-display';
import { EngagementChart } from '../ui/engagement-chart';
import { TrendChart } from '../ui/trend-chart';
import { trendCampaigns } from '../data-access/trend-model';

type Bucket = CampaignTimelineDto['bucket'];

/**
 * /campaigns?campaign=&bucket=: pictures first — open and click rates across the latest campaigns, then the
 * selected campaign's engagement over time (by hour or day; the latest campaign until one is picked) — and the
 * table of CC's unique counts and rates below. The page says why the table's unique counts and the chart's totals
 * differ.
 */
@Component({
  selector: 'app-campaigns-page',
  imports: [DatePipe, MatButtonToggleModule, LoadingState, EmptyState, ErrorState, EngagementChart, TrendChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaigns.page.html',
  styleUrl: './campaigns.page.scss',
})
export class CampaignsPage {
  private readonly api = inject(CampaignsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly formatCount = formatCount;
  protected readonly rate = rateOfSends;
  protected readonly typeLabel = campaignTypeLabel;

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  private readonly requestedId = computed(() => this.queryParams().get('campaign'));
  /** Null: let the API choose (hours for a campaign's first two days, else days). */
  private readonly requestedBucket = computed<Bucket | null>(() => {
    const bucket = this.queryParams().get('bucket');
    return bucket === 'hour' || bucket === 'day' ? bucket : null;
  });

  protected readonly campaigns = rxResource({ stream: () => this.api.list() });
  protected readonly rows = computed(() => (this.campaigns.hasValue() ? this.campaigns.value() : undefined));
  protected readonly error = computed(() => {
    const error = this.campaigns.error();
    return error ? toApiError(error).message : null;
  });
  /** Campaigns the trend can draw (tracked, sent): without two of them there is no trend to show. */
  protected readonly hasTrend = computed(() => trendCampaigns(this.rows() ?? []).length >= 2);
  /** The campaign asked for in the URL, else the latest one sent (tracked first): the page opens on a picture. */
  protected readonly selected = computed(() => {
    const rows = this.rows() ?? [];
    const requested = this.requestedId();
    if (requested) return rows.find((c) => c.campaignId === requested);
    const latest = (list: CampaignStatsDto[]) =>
      [...list].filter((c) => c.lastSentAt).sort((a, b) => b.lastSentAt!.localeCompare(a.lastSentAt!))[0];
    return latest(rows.filter((c) => c.tracked)) ?? latest(rows) ?? rows[0];
  });
  protected readonly selectedId = computed(() => this.selected()?.campaignId ?? null);

  protected readonly timeline = rxResource({
    params: () => {
      const campaign = this.selected();
      return campaign?.tracked ? { id: campaign.campaignId, bucket: this.requestedBucket() } : undefined;
    },
    stream: ({ params }) => this.api.timeline(params.id, params.bucket),
  });
  /** The chart stays while the other bucket loads. */
  protected readonly timelineValue = linkedSignal<CampaignTimelineDto | undefined, CampaignTimelineDto | undefined>({
    source: () => (this.timeline.hasValue() ? this.timeline.value() : undefined),
    computation: (next, previous) =>
      next ?? (this.timeline.isLoading() && previous?.value?.campaignId === this.selectedId() ? previous.value : undefined),
  });
  /** What the chart counted in all, beside the table's unique counts: the two numbers people compare. */
  protected readonly chartTotals = computed(() => {
    const points = this.timelineValue()?.points ?? [];
    return { opens: points.reduce((sum, p) => sum + p.opens, 0), clicks: points.reduce((sum, p) => sum + p.clicks, 0) };
  });
  protected readonly timelineError = computed(() => {
    const error = this.timeline.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly bucket = computed<Bucket>(() => this.requestedBucket() ?? this.timelineValue()?.bucket ?? 'day');
  protected readonly hasEngagement = computed(() => (this.timelineValue()?.points.length ?? 0) > 0);

  protected select(campaign: CampaignStatsDto): void {
    this.selectById(campaign.campaignId);
  }

  protected selectById(campaignId: string): void {
    if (campaignId === this.requestedId()) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { campaign: campaignId, bucket: null },
      queryParamsHandling: 'merge',
    });
  }

  protected chooseBucket(bucket: Bucket): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { bucket }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected reload(): void {
    this.campaigns.reload();
  }

  protected reloadTimeline(): void {
    this.timeline.reload();
  }
}
