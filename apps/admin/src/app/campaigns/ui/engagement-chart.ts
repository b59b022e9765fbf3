import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CampaignTimelineDto } from '@ctct/shared-types';
import { hostWidth } from '../../shared/ui/host-width';
import { bucketLabel, buildChart, chartDescription, geometryFor } from '../data-access/chart-model';

let nextId = 0;

/**
 * Engagement over time as an SVG line chart: one line per series (opens, clicks, bounces, opt-outs), a point per
 * bucket, round-number y axis, a few time labels, a legend with totals. The SVG is an image with a title and a
 * description for screen readers; each point has a tooltip with its exact value.
 */
@Component({
  selector: 'app-engagement-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'campaign-chart' },
  template: `
    <ul class="legend" aria-label="Legend">
      @for (s of model().series; track s.key) {
        <li [attr.data-legend]="s.key">
          <span class="swatch" [style.background]="s.color" aria-hidden="true"></span>
          {{ s.label }} <span class="total">{{ s.total }} in all</span>
        </li>
      }
    </ul>
    <svg
      [attr.viewBox]="'0 0 ' + model().geometry.width + ' ' + model().geometry.height"
      role="img"
      [attr.aria-labelledby]="titleId + ' ' + descId"
      preserveAspectRatio="xMidYMid meet"
    >
      <title [attr.id]="titleId">{{ title() }}</title>
      <desc [attr.id]="descId">{{ description() }}</desc>

      <g class="grid" aria-hidden="true">
        @for (tick of model().yTicks; track tick.position) {
          <line [attr.x1]="model().plot.left" [attr.x2]="model().plot.right" [attr.y1]="tick.position" [attr.y2]="tick.position" />
          <text class="y-label" [attr.x]="model().plot.left - 8" [attr.y]="tick.position" dy="0.32em" text-anchor="end">
            {{ tick.label }}
          </text>
        }
        @for (tick of model().xTicks; track tick.position) {
          <line
            class="x-tick"
            [attr.x1]="tick.position"
            [attr.x2]="tick.position"
            [attr.y1]="model().plot.bottom"
            [attr.y2]="model().plot.bottom + 4"
          />
          <text class="x-label" [attr.x]="tick.position" [attr.y]="model().plot.bottom + 18" text-anchor="middle">{{ tick.label }}</text>
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
          {{ timeline().bucket === 'hour' ? 'Hour (your time zone)' : 'Day' }}
        </text>
        <text
          class="axis-title"
          [attr.transform]="'translate(14 ' + (model().plot.top + model().plot.bottom) / 2 + ') rotate(-90)'"
          text-anchor="middle"
        >
          Contacts
        </text>
      </g>

      @for (s of model().series; track s.key) {
        <g class="series" [attr.data-series]="s.key" [attr.stroke]="s.color" [attr.fill]="s.color">
          @if (s.points.length > 1) {
            <path [attr.d]="s.path" fill="none" stroke-width="2.25" stroke-linejoin="round" stroke-linecap="round" />
          }
          @for (p of s.points; track p.at) {
            <circle [attr.cx]="p.x" [attr.cy]="p.y" r="3.5" stroke="var(--mat-sys-surface)" stroke-width="1.5">
              <title>{{ s.label }}, {{ label(p.at) }}: {{ p.value }}</title>
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
    .total {
      color: var(--mat-sys-on-surface-variant);
      font-weight: 400;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      overflow: visible;
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
export class EngagementChart {
  readonly timeline = input.required<CampaignTimelineDto>();
  /** Used as the SVG title ("Engagement over time for …"). */
  readonly campaignName = input('the campaign');

  protected readonly titleId = `engagement-chart-title-${nextId}`;
  protected readonly descId = `engagement-chart-desc-${nextId++}`;
  /** Drawn at the width it is shown: 11 px labels stay 11 px on a phone. */
  private readonly width = hostWidth(720);
  protected readonly model = computed(() => buildChart(this.timeline(), geometryFor(this.width())));
  protected readonly title = computed(() => `Engagement over time for ${this.campaignName()}`);
  protected readonly description = computed(() => chartDescription(this.model(), this.timeline()));

  protected label(at: string): string {
    return bucketLabel(at, this.timeline().bucket);
  }
}
