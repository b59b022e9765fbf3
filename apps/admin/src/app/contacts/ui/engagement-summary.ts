import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { EngagementSummaryDto } from '@ctct/shared-types';

const count = new Intl.NumberFormat('en-US');

/** Sends, opens, clicks, bounces, opt-outs as tiles, and when the contact last did anything. */
@Component({
  selector: 'app-engagement-summary',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'engagement-summary' },
  template: `
    <ul class="tiles" aria-label="Engagement counts">
      @for (tile of tiles(); track tile.label) {
        <li class="tile" [attr.data-kind]="tile.key">
          <span class="value">{{ tile.value }}</span>&ngsp;
          <span class="label">{{ tile.label }}</span>
        </li>
      }
    </ul>
    <p class="last">
      Last activity:
      @if (summary().lastActivityAt; as at) {
        <time [attr.datetime]="at">{{ at | date: 'medium' }}</time>
      } @else {
        none yet
      }
    </p>
  `,
  styles: `
    :host {
      display: block;
    }
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .tile {
      display: flex;
      flex-direction: column;
      padding: 10px 14px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container);
    }
    .value {
      font: var(--mat-sys-headline-small);
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .last {
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class EngagementSummary {
  readonly summary = input.required<EngagementSummaryDto>();
  protected readonly tiles = computed(() => {
    const s = this.summary();
    return [
      { key: 'sends', label: 'Sends', value: count.format(s.sends) },
      { key: 'opens', label: 'Opens', value: count.format(s.opens) },
      { key: 'clicks', label: 'Clicks', value: count.format(s.clicks) },
      { key: 'bounces', label: 'Bounces', value: count.format(s.bounces) },
      { key: 'optouts', label: 'Opt-outs', value: count.format(s.optouts) },
    ];
  });
}
