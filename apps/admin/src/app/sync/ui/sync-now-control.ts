import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { SyncJobName, SyncRunDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { SyncNowState } from '../data-access/sync-now';
import { JOB_LABELS, STATUS_LABELS, isActive } from '../data-access/sync-display';
import { RunProgress } from './run-progress';
import { RunStatusChip } from './run-status-chip';

/**
 * A "Sync now" button with the job's live state beside it: Starting… / Queued / Running with a progress bar /
 * how the last run ended, and the API's reason when it cannot start. Presentational: the page owns `SyncNow`.
 */
@Component({
  selector: 'app-sync-now-control',
  imports: [MatButtonModule, Icon, PlainMessageText, RunProgress, RunStatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row">
      <button
        mat-flat-button
        type="button"
        [attr.data-testid]="buttonTestId() ?? 'sync-now-' + job()"
        [disabled]="busy() || disabled() || !!disabledReason()"
        [attr.aria-describedby]="disabledReason() ? 'sync-blocked-' + job() : null"
        (click)="syncNow.emit()"
      >
        <app-icon name="sync" [class.spin]="busy()" />
        {{ buttonLabel() }}
      </button>
      <span class="state" [attr.data-testid]="'job-state-' + job()" role="status" aria-live="polite">
        @if (state().starting) {
          Starting…
        } @else if (run(); as r) {
          <app-run-status-chip [status]="r.status" />
          <span class="visually-hidden">{{ jobLabel() }}: {{ statusLabels[r.status] }}</span>
        } @else {
          Never run
        }
      </span>
    </div>
    @if (disabledReason(); as reason) {
      <p class="blocked" [id]="'sync-blocked-' + job()" [attr.data-testid]="'sync-now-blocked-' + job()">{{ reason }}</p>
    }
    @if (run(); as r) {
      @if (active()) {
        <app-run-progress [progress]="r.progress" [label]="jobLabel() + ' progress'" [attr.data-testid]="'job-progress-' + job()" />
      }
    }
    @if (state().error; as error) {
      <p class="error" role="alert" [attr.data-testid]="'sync-now-error-' + job()">
        <app-icon name="error" />
        <span><app-plain-message [message]="error" /></span>
      </p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .row {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 12px;
    }
    .state {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .blocked {
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      margin: 0;
      color: var(--mat-sys-error);
    }
    .spin {
      animation: spin 1.2s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(-360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spin {
        animation: none;
      }
    }
  `,
})
export class SyncNowControl {
  readonly job = input.required<SyncJobName>();
  readonly state = input.required<SyncNowState>();
  /** Shown while this page has not followed a run of its own: the active or the last run. */
  readonly fallbackRun = input<SyncRunDto | null>(null);
  readonly buttonLabel = input('Sync now');
  readonly buttonTestId = input<string>();
  readonly disabled = input(false);
  /** Why it cannot run now (Constant Contact missing): the button is disabled and this is said beside it. */
  readonly disabledReason = input<string | null>(null);
  readonly syncNow = output<void>();

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly run = computed(() => this.state().run ?? this.fallbackRun());
  protected readonly active = computed(() => isActive(this.run()));
  protected readonly busy = computed(() => this.state().starting || this.active());
  protected readonly jobLabel = computed(() => JOB_LABELS[this.job()]);
}
