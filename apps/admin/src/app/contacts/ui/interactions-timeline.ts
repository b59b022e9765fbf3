import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { InteractionDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { INTERACTION_META } from '../data-access/ctct-display';

/** The contact's Interactions, newest first, one line per event; "Load more" asks for the next page. */
@Component({
  selector: 'app-interactions-timeline',
  imports: [DatePipe, MatButtonModule, Icon, EmptyState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (items().length === 0) {
      <app-empty-state
        icon="mail"
        title="No email engagement yet"
        detail="Sends, opens and clicks appear after the engagement activities job has run."
      />
    } @else {
      <ol class="timeline" data-testid="interactions-timeline" aria-label="Interactions, newest first">
        @for (item of items(); track item.id) {
          <li class="item" data-testid="interaction-item" [attr.data-type]="item.type">
            <span [class]="'icon type-' + item.type"><app-icon [name]="meta[item.type].icon" /></span>
            <div class="body">
              <p class="line">
                <span class="kind">{{ meta[item.type].label }}</span>
                @if (item.campaignName) {
                  <span class="campaign">{{ item.campaignName }}</span>
                }
                @if (item.bounceCode) {
                  <span class="code" title="Constant Contact bounce code">code {{ item.bounceCode }}</span>
                }
              </p>
              <p class="description">{{ item.description }}</p>
              @if (item.url) {
                <a class="url" [href]="item.url" target="_blank" rel="noopener noreferrer">
                  {{ item.url }}
                  <app-icon name="openInNew" class="small" />
                  <span class="visually-hidden">(opens in a new tab)</span>
                </a>
              }
            </div>
            <time class="time" [attr.datetime]="item.occurredAt">{{ item.occurredAt | date: 'MMM d, y, HH:mm' }}</time>
          </li>
        }
      </ol>
      @if (hasMore()) {
        <div class="more">
          <button
            mat-stroked-button
            type="button"
            data-testid="load-more-interactions"
            [disabled]="loadingMore()"
            (click)="loadMore.emit()"
          >
            {{ loadingMore() ? 'Loading…' : 'Load more' }}
          </button>
        </div>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .timeline {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      display: grid;
      grid-template-columns: 36px 1fr auto;
      gap: 4px 12px;
      align-items: start;
      padding: 10px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .item:last-child {
      border-bottom: 0;
    }
    .icon {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 32px;
      height: 32px;
      border-radius: 50%;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .icon app-icon {
      width: 18px;
      height: 18px;
    }
    .type-email_open {
      background: #d7e7ff;
      color: #0b3d91;
    }
    .type-email_click {
      background: #d3f5dc;
      color: #0b5323;
    }
    .type-email_bounce {
      background: #ffe3b8;
      color: #5c3a00;
    }
    .type-email_optout {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .body {
      min-width: 0;
    }
    .line {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 8px;
      margin: 0;
    }
    .kind {
      font: var(--mat-sys-title-small);
    }
    .campaign {
      color: var(--mat-sys-on-surface-variant);
    }
    .code {
      padding: 0 6px;
      border-radius: 6px;
      font: var(--mat-sys-label-small);
      background: #ffe3b8;
      color: #5c3a00;
    }
    .description {
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .url {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      margin-top: 2px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-primary);
      overflow-wrap: anywhere;
    }
    .small {
      width: 14px;
      height: 14px;
    }
    .time {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    .more {
      display: flex;
      justify-content: center;
      margin-top: 12px;
    }
    @media (max-width: 599.98px) {
      .item {
        grid-template-columns: 36px 1fr;
      }
      .time {
        grid-column: 2;
      }
    }
  `,
})
export class InteractionsTimeline {
  readonly items = input.required<InteractionDto[]>();
  readonly hasMore = input(false);
  readonly loadingMore = input(false);
  readonly loadMore = output<void>();
  protected readonly meta = INTERACTION_META;
}
