import { formatDate } from '@angular/common';
import type { CampaignStatsDto } from '@ctct/shared-types';
import { ChartGeometry, ChartTick, maxTimeLabels } from './chart-model';

/** The two rates the trend compares across campaigns, as shares of sends (CC's unique counts). */
export const TREND_SERIES = [
  { key: 'openRate', label: 'Open rate', color: '#1a73e8' },
  { key: 'clickRate', label: 'Click rate', color: '#188038' },
] as const;
export type TrendSeriesKey = (typeof TREND_SERIES)[number]['key'];

/** The most recent campaigns the trend shows: enough to see a direction, few enough to read each point. */
export const TREND_CAMPAIGNS = 12;

export interface TrendPoint {
  x: number;
  y: number;
  /** 0..1 */
  rate: number;
  campaignId: string;
  campaignName: string;
  sentAt: string;
}

export interface TrendModel {
  geometry: ChartGeometry;
  plot: { left: number; right: number; top: number; bottom: number };
  series: { key: TrendSeriesKey; label: string; color: string; points: TrendPoint[]; path: string; average: number }[];
  yTicks: ChartTick[];
  xTicks: ChartTick[];
  /** The campaigns in the trend, oldest first. */
  campaigns: CampaignStatsDto[];
}

/** Campaigns that can have a rate: tracked, sent, with sends; the latest TREND_CAMPAIGNS, oldest first. */
export function trendCampaigns(campaigns: readonly CampaignStatsDto[]): CampaignStatsDto[] {
  return campaigns
    .filter((c) => c.tracked && c.lastSentAt && c.ctctUniqueCounts.sends > 0)
    .sort((a, b) => a.lastSentAt!.localeCompare(b.lastSentAt!))
    .slice(-TREND_CAMPAIGNS);
}

/** 0, then 10 % steps (5 % below 20 %, 2 % below 10 %), so the axis reads in round percentages. */
export function ratesAxis(peak: number): { max: number; step: number } {
  const step = peak <= 0.1 ? 0.02 : peak <= 0.2 ? 0.05 : 0.1;
  const max = Math.max(step * 2, Math.ceil(peak / step - 1e-9) * step);
  return { max: Math.min(1, max), step };
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
export const formatRate = (rate: number) => percent.format(rate);

/** Open and click rates per campaign, in send order: the cross-campaign picture. */
export function buildTrend(campaigns: readonly CampaignStatsDto[], geometry: ChartGeometry): TrendModel {
  const shown = trendCampaigns(campaigns);
  const { width, height, margin } = geometry;
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const rate = (c: CampaignStatsDto, key: TrendSeriesKey) =>
    (key === 'openRate' ? c.ctctUniqueCounts.opens : c.ctctUniqueCounts.clicks) / c.ctctUniqueCounts.sends;
  const peak = Math.max(0, ...shown.flatMap((c) => TREND_SERIES.map((s) => rate(c, s.key))));
  const { max, step } = ratesAxis(peak);
  const x = (i: number) =>
    shown.length <= 1 ? (plot.left + plot.right) / 2 : plot.left + (i / (shown.length - 1)) * (plot.right - plot.left);
  const y = (value: number) => plot.bottom - (value / max) * (plot.bottom - plot.top);
  const round = (n: number) => Math.round(n * 10) / 10;

  const series = TREND_SERIES.map((s) => {
    const points = shown.map((c, i) => ({
      x: round(x(i)),
      y: round(y(rate(c, s.key))),
      rate: rate(c, s.key),
      campaignId: c.campaignId,
      campaignName: c.name,
      sentAt: c.lastSentAt!,
    }));
    const average = points.length ? points.reduce((sum, p) => sum + p.rate, 0) / points.length : 0;
    return { ...s, points, average, path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ') };
  });

  const yTicks: ChartTick[] = [];
  for (let i = 0; i * step <= max + 1e-9; i++) yTicks.push({ position: round(y(i * step)), label: percent.format(i * step) });

  const xTicks: ChartTick[] = [];
  const every = Math.max(1, Math.ceil(shown.length / maxTimeLabels(geometry)));
  const day = (i: number) => formatDate(shown[i].lastSentAt!, 'MMM d', 'en-US');
  for (let i = 0; i < shown.length; i += every) xTicks.push({ position: round(x(i)), label: day(i) });
  const last = shown.length - 1;
  if (last > 0 && last % every !== 0) {
    if (xTicks.length > 1 && last - (xTicks.length - 1) * every < every / 2) xTicks.pop();
    xTicks.push({ position: round(x(last)), label: day(last) });
  }
  return { geometry, plot, series, yTicks, xTicks, campaigns: shown };
}

/** The trend in words for screen readers: how many campaigns, and the first and latest rates. */
export function trendDescription(model: TrendModel): string {
  if (model.campaigns.length === 0) return 'No sent campaigns with tracking yet.';
  const parts = model.series.map((s) => {
    const first = s.points[0];
    const latest = s.points[s.points.length - 1];
    const label = s.label.toLowerCase();
    return `${label} ${formatRate(first.rate)} for ${first.campaignName}, ${formatRate(latest.rate)} for ${latest.campaignName}`;
  });
  return `${model.campaigns.length} campaigns in send order: ${parts.join('; ')}.`;
}
