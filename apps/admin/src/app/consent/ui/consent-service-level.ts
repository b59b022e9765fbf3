import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { ConsentApi } from '../data-access/consent.api';
import { SERVICE_STATUS, formatAge } from '../data-access/consent-display';

/**
 * The opt-out service level: Do Not Email contacts Constant Contact does not show unsubscribed yet, how long the
 * oldest has waited, and how fast the last week's opt-outs got there. Loads itself, so any page can place it
 * (Settings does; a dashboard may).
 */
@Component({
  selector: 'app-consent-service-level',
  imports: [DatePipe, RouterLink, MatButtonModule, MatCardModule, Icon, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'consent-service-level' },
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title id="service-level-title">Opt-outs reaching Constant Contact</mat-card-title>
      </mat-card-header>
      <mat-card-content aria-labelledby="service-level-title">
        <div class="loading-slot">
          @if (level.isLoading()) {
            <app-loading-state label="Loading the opt-out service level" />
          }
        </div>
        @if (error(); as message) {
          <app-error-state title="The opt-out service level could not be loaded" [message]="message" (retry)="level.reload()" />
        } @else if (value(); as l) {
          <p class="headline">
            <span [class]="'chip tone-' + status().tone" data-testid="service-level-status">{{ status().label }}</span>
            <span data-testid="service-level-not-reflected">
              @if (l.notReflected === 0) {
                Every opt-out is in Constant Contact.
              } @else {
                <strong>{{ l.notReflected }}</strong> {{ l.notReflected === 1 ? 'opt-out' : 'opt-outs' }} not yet in Constant Contact
              }
            </span>
          </p>
          @if (l.notReflected > 0) {
            <p class="oldest" data-testid="service-level-oldest">
              Oldest waiting {{ age(l.oldestAgeSeconds) }}
              @if (l.oldestSince) {
                (since <time [attr.datetime]="l.oldestSince">{{ l.oldestSince | date: 'MMM d, HH:mm' }}</time>)
              }
            </p>
            <ul class="breakdown" data-testid="service-level-breakdown">
              @if (l.queued) {
                <li>{{ l.queued }} queued or being delivered</li>
              }
              @if (l.failed) {
                <li class="warn">{{ l.failed }} failed: see the contact's pushes for the reason</li>
              }
              @if (l.unpushed) {
                <li class="warn">
                  {{ l.unpushed }} with nothing queued while Constant Contact still has them mailable:
                  <a
                    routerLink="/reconciliation"
                    [queryParams]="{ class: 'drift', field: 'doNotEmail' }"
                    data-testid="service-level-fix-link"
                    >Fix drift</a
                  >
                </li>
              }
            </ul>
          }
          <p class="recent" data-testid="service-level-recent">
            @if (l.recent.delivered === 0) {
              No opt-outs delivered in the last {{ l.recent.days }} days.
            } @else {
              Last {{ l.recent.days }} days: {{ l.recent.delivered }} delivered, half within {{ age(l.recent.p50Seconds) }}, 95% within
              {{ age(l.recent.p95Seconds) }}.
            }
          </p>
          <p class="hint">
            <app-icon name="info" />
            CAN-SPAM allows {{ l.legalLimitBusinessDays }} business days; we aim for {{ age(l.targetSeconds) }}.
          </p>
        }
      </mat-card-content>
      <mat-card-actions align="end">
        <button mat-button type="button" data-testid="service-level-refresh" [disabled]="level.isLoading()" (click)="level.reload()">
          <app-icon name="refresh" />
          Refresh
        </button>
      </mat-card-actions>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .loading-slot {
      height: 4px;
      margin-bottom: 4px;
    }
    .headline {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin: 0 0 8px;
    }
    .chip {
      padding: 2px 10px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
    }
    .tone-ok {
      background: #d3f5dc;
      color: #0b5323;
    }
    .tone-warn {
      background: #ffe3b8;
      color: #5c3a00;
    }
    .tone-stop {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .oldest,
    .recent {
      margin: 0 0 8px;
    }
    .breakdown {
      margin: 0 0 8px;
      padding-left: 20px;
    }
    .breakdown .warn {
      color: #5c3a00;
    }
    .breakdown a {
      color: var(--mat-sys-primary);
    }
    .hint {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .hint app-icon {
      width: 16px;
      height: 16px;
    }
  `,
})
export class ConsentServiceLevel {
  private readonly api = inject(ConsentApi);

  protected readonly level = rxResource({ stream: () => this.api.serviceLevel() });
  protected readonly value = computed(() => (this.level.hasValue() ? this.level.value() : undefined));
  protected readonly error = computed(() => {
    const error = this.level.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly status = computed(() => SERVICE_STATUS[this.value()?.status ?? 'ok']);
  protected readonly age = formatAge;
}
