import { formatDate } from '@angular/common';
import type { CampaignTimelineDto, CampaignTimelinePoint } from '@ctct/shared-types';

/** The series the chart draws, in legend order, each with a colour that reads on light surfaces. */
export const CHART_SERIES = [
  { key: 'opens', label: 'Opens', color: '#1a73e8' },
  { key: 'clicks', label: 'Clicks', color: '#188038' },
  { key: 'bounces', label: 'Bounces', color: '#b45f06' },
  { key: 'optouts', label: 'Opt-outs', color: '#c5221f' },
] as const;
export type ChartSeriesKey = (typeof CHART_SERIES)[number]['key'];

export interface ChartGeometry {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const DEFAULT_GEOMETRY: ChartGeometry = { width: 720, height: 300, margin: { top: 16, right: 20, bottom: 44, left: 52 } };

/**
 * The drawing at the width it is shown (the SVG is drawn 1:1, so its 11 px labels stay 11 px): narrow screens get
 * a shorter plot and tighter margins instead of the desktop drawing shrunk to a third.
 */
export function geometryFor(width: number): ChartGeometry {
  const w = Math.max(280, Math.min(1000, Math.round(width)));
  if (w >= 560) return { ...DEFAULT_GEOMETRY, width: w };
  return { width: w, height: 240, margin: { top: 12, right: 14, bottom: 44, left: 40 } };
}

/** Time labels fit about every 90 px, at most six. */
export function maxTimeLabels(geometry: ChartGeometry): number {
  const plotWidth = geometry.width - geometry.margin.left - geometry.margin.right;
  return Math.max(2, Math.min(6, Math.floor(plotWidth / 90)));
}

export interface ChartPoint {
  x: number;
  y: number;
  value: number;
  at: string;
}

export interface ChartSeries {
  key: ChartSeriesKey;
  label: string;
  color: string;
  total: number;
  points: ChartPoint[];
  /** SVG path `M x y L x y …`. */
  path: string;
}

export interface ChartTick {
  position: number;
  label: string;
}

export interface ChartModel {
  geometry: ChartGeometry;
  series: ChartSeries[];
  yTicks: ChartTick[];
  xTicks: ChartTick[];
  /** Plot area. */
  plot: { left: number; right: number; top: number; bottom: number };
  max: number;
}

/** 0, then steps of 1/2/5 × 10^n, so the axis reads in round numbers. */
export function niceMax(max: number): { max: number; step: number } {
  if (max <= 0) return { max: 4, step: 1 };
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const wholeStep = Math.max(1, step);
  return { max: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}

export function bucketLabel(at: string, bucket: CampaignTimelineDto['bucket']): string {
  return formatDate(at, bucket === 'hour' ? 'MMM d, HH:mm' : 'MMM d', 'en-US');
}

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;
/** Beyond this many buckets the gaps are not filled (a forced hourly view of a long campaign). */
const MAX_FILLED_BUCKETS = 1000;

/**
 * The API sends only buckets with engagement; the chart needs the empty ones too, or a quiet night would look
 * like one step. Fills the gaps between the first and the last bucket with zeros.
 */
export function withEmptyBuckets(timeline: CampaignTimelineDto): CampaignTimelinePoint[] {
  const points = timeline.points;
  if (points.length < 2) return points;
  const step = BUCKET_MS[timeline.bucket];
  const first = new Date(points[0].at).getTime();
  const last = new Date(points[points.length - 1].at).getTime();
  const count = Math.round((last - first) / step) + 1;
  if (count > MAX_FILLED_BUCKETS || count <= points.length) return points;
  const byTime = new Map(points.map((p) => [new Date(p.at).getTime(), p]));
  return Array.from({ length: count }, (_, i) => {
    const at = first + i * step;
    return byTime.get(at) ?? { at: new Date(at).toISOString(), opens: 0, clicks: 0, bounces: 0, optouts: 0, forwards: 0 };
  });
}

/** Scales, one line per series (one point per bucket, empty buckets included) and axis ticks for a timeline. */
export function buildChart(timeline: CampaignTimelineDto, geometry: ChartGeometry = DEFAULT_GEOMETRY): ChartModel {
  const { width, height, margin } = geometry;
  const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };
  const points = withEmptyBuckets(timeline);
  const peak = Math.max(0, ...points.flatMap((p) => CHART_SERIES.map((s) => p[s.key])));
  const { max, step } = niceMax(peak);
  const x = (index: number) =>
    points.length <= 1 ? (plot.left + plot.right) / 2 : plot.left + (index / (points.length - 1)) * (plot.right - plot.left);
  const y = (value: number) => plot.bottom - (value / max) * (plot.bottom - plot.top);
  const round = (n: number) => Math.round(n * 10) / 10;

  const series = CHART_SERIES.map((s) => {
    const chartPoints = points.map((p: CampaignTimelinePoint, i) => ({ x: round(x(i)), y: round(y(p[s.key])), value: p[s.key], at: p.at }));
    return {
      key: s.key,
      label: s.label,
      color: s.color,
      total: points.reduce((sum, p) => sum + p[s.key], 0),
      points: chartPoints,
      path: chartPoints.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' '),
    };
  });

  const yTicks: ChartTick[] = [];
  for (let value = 0; value <= max; value += step) yTicks.push({ position: round(y(value)), label: String(value) });

  // A few labels on the time axis (as many as fit), always the first and the last bucket.
  const xTicks: ChartTick[] = [];
  if (points.length) {
    const every = Math.max(1, Math.ceil(points.length / maxTimeLabels(geometry)));
    for (let i = 0; i < points.length; i += every)
      xTicks.push({ position: round(x(i)), label: bucketLabel(points[i].at, timeline.bucket) });
    const last = points.length - 1;
    if (last % every !== 0) {
      if (xTicks.length > 1 && last - (xTicks.length - 1) * every < every / 2) xTicks.pop();
      xTicks.push({ position: round(x(last)), label: bucketLabel(points[last].at, timeline.bucket) });
    }
  }

  return { geometry, series, yTicks, xTicks, plot, max };
}

/** What a screen reader hears instead of the picture. */
export function chartDescription(model: ChartModel, timeline: CampaignTimelineDto): string {
  if (!timeline.points.length) return 'No opens, clicks, bounces or opt-outs recorded yet.';
  const first = bucketLabel(timeline.points[0].at, timeline.bucket);
  const last = bucketLabel(timeline.points[timeline.points.length - 1].at, timeline.bucket);
  const totals = model.series.map((s) => `${s.total} ${s.label.toLowerCase()}`).join(', ');
  return `${timeline.points.length} ${timeline.bucket === 'hour' ? 'hourly' : 'daily'} buckets from ${first} to ${last}: ${totals}.`;
}
