import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { formatDate } from '@angular/common';
import type { CampaignStatsDto } from '@ctct/shared-types';
import { hostWidth } from '../../shared/ui/host-width';
import { geometryFor } from '../data-access/chart-model';
import { TrendPoint, buildTrend, formatRate, trendDescription } from '../data-access/trend-model';

let nextId = 0;

/**
 * Open and click rates across the latest campaigns, in send order: is engagement going up or down? A point per
 * campaign (tooltip: name, date, rate); clicking a point selects that campaign. An SVG image with a title and a
 * description in words, drawn at the width it is shown.
 */
@Component({
  selector: 'app-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'campaign-trend' },
  template: `
    <ul class="legend" aria-label="Legend">
      @for (s of model().series; track s.key) {
        <li [attr.data-legend]="s.key">
          <span class="swatch" [style.background]="s.color" aria-hidden="true"></span>
          {{ s.label }} <span class="average">average {{ rate(s.average) }}</span>
        </li>
      }
    </ul>
    <svg
      [attr.viewBox]="'0 0 ' + model().geometry.width + ' ' + model().geometry.height"
      role="img"
      [attr.aria-labelledby]="titleId + ' ' + descId"
      preserveAspectRatio="xMidYMid meet"
    >
      <title [attr.id]="titleId">Open and click rates of the latest campaigns</title>
      <desc [attr.id]="descId">{{ description() }}</desc>
      <g class="grid" aria-hidden="true">
        @for (tick of model().yTicks; track tick.position) {
          <line [attr.x1]="model().plot.left" [attr.x2]="model().plot.right" [attr.y1]="tick.position" [attr.y2]="tick.position" />
          <text [attr.x]="model().plot.left - 8" [attr.y]="tick.position" dy="0.32em" text-anchor="end">{{ tick.label }}</text>
        }
        @for (tick of model().xTicks; track tick.position) {
          <text [attr.x]="tick.position" [attr.y]="model().plot.bottom + 18" text-anchor="middle">{{ tick.label }}</text>
        }
        <line
          class="axis"
          [attr.x1]="model().plot.left"
          [attr.x2]="model().plot.right"
          [attr.y1]="model().plot.bottom"
          [attr.y2]="model().plot.bottom"
        />
        <text
          class="axis-title"
          [attr.x]="(model().plot.left + model().plot.right) / 2"
          [attr.y]="model().geometry.height - 4"
          text-anchor="middle"
        >
          Campaigns by send date
        </text>
      </g>
      @for (s of model().series; track s.key) {
        <g class="series" [attr.data-series]="s.key" [attr.stroke]="s.color" [attr.fill]="s.color">
          @if (s.points.length > 1) {
            <path [attr.d]="s.path" fill="none" stroke-width="2.25" stroke-linejoin="round" stroke-linecap="round" />
          }
          @for (p of s.points; track p.campaignId) {
            <circle
              [attr.cx]="p.x"
              [attr.cy]="p.y"
              [attr.r]="p.campaignId === selectedId() ? 6 : 4"
              stroke="var(--mat-sys-surface)"
              stroke-width="1.5"
              (click)="campaignSelected.emit(p.campaignId)"
            >
              <title>{{ pointTitle(s.label, p) }}</title>
            </circle>
          }
        </g>
      }
    </svg>
  `,
  styles: `
    :host {
      display: block;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 20px;
      margin: 0 0 8px;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-label-large);
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
    .swatch {
      width: 14px;
      height: 4px;
      border-radius: 2px;
    }
    .average {
      color: var(--mat-sys-on-surface-variant);
      font-weight: 400;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      overflow: visible;
    }
    circle {
      cursor: pointer;
    }
    .grid line {
      stroke: var(--mat-sys-outline-variant);
      stroke-width: 1;
    }
    .grid .axis {
      stroke: var(--mat-sys-outline);
    }
    .grid text {
      fill: var(--mat-sys-on-surface-variant);
      font-size: 11px;
      font-family: inherit;
    }
    .grid .axis-title {
      font-size: 12px;
    }
  `,
})
export class TrendChart {
  readonly campaigns = input.required<CampaignStatsDto[]>();
  /** The campaign whose chart is shown below: its points are drawn larger. */
  readonly selectedId = input<string | null>(null);
  readonly campaignSelected = output<string>();

  protected readonly titleId = `trend-chart-title-${nextId}`;
  protected readonly descId = `trend-chart-desc-${nextId++}`;
  private readonly width = hostWidth(720);
  protected readonly model = computed(() => buildTrend(this.campaigns(), geometryFor(this.width())));
  protected readonly description = computed(() => trendDescription(this.model()));
  protected readonly rate = formatRate;

  protected pointTitle(label: string, point: TrendPoint): string {
    return `${point.campaignName}, sent ${formatDate(point.sentAt, 'MMM d, y', 'en-US')}: ${label.toLowerCase()} ${formatRate(point.rate)}`;
  }
}
