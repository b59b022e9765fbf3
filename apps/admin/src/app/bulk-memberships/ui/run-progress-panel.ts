import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { SyncRunDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { RUN_STATUS_TEXT, formatCount, isActive, progressPercent, progressText } from '../data-access/bulk-display';

/** Step 4: the run as last polled — status, a live progress bar with "done of total · n/s", API calls so far. */
@Component({
  selector: 'app-run-progress-panel',
  imports: [MatProgressBarModule, Icon, PlainMessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = run();
    <p class="status" [class]="'status status-' + r.status" data-testid="run-status" aria-live="polite">
      @if (r.status === 'succeeded') {
        <app-icon name="checkCircle" />
      } @else if (r.status === 'failed') {
        <app-icon name="error" />
      } @else if (r.status === 'paused' || r.status === 'skipped') {
        <app-icon name="warning" />
      }
      <span>{{ statusText() }}</span>
    </p>
    @if (reason(); as reason) {
      <div class="reason" data-testid="run-status-reason"><app-plain-message [message]="reason" /></div>
    }
    <div class="progress" data-testid="run-progress">
      <mat-progress-bar
        [mode]="percent() === null ? 'indeterminate' : 'determinate'"
        [value]="percent() ?? 0"
        [attr.aria-label]="'Run progress: ' + text()"
      />
      <span class="text" data-testid="run-progress-text">{{ text() }}</span>
    </div>
    <p class="calls">{{ formatCount(r.apiCalls) }} Constant Contact API {{ r.apiCalls === 1 ? 'call' : 'calls' }} so far</p>
  `,
  styles: `
    :host {
      display: block;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 8px;
      font: var(--mat-sys-title-medium);
      margin: 0 0 12px;
    }
    .status-succeeded {
      color: #0b5323;
    }
    .status-failed {
      color: var(--mat-sys-error);
    }
    .status-paused,
    .status-skipped {
      color: #5c3a00;
    }
    .reason {
      margin: -4px 0 12px;
    }
    .progress {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    mat-progress-bar {
      flex: 1 1 auto;
    }
    .text {
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
      color: var(--mat-sys-on-surface-variant);
    }
    .calls {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RunProgressPanel {
  readonly run = input.required<SyncRunDto>();

  protected readonly formatCount = formatCount;
  protected readonly percent = computed(() => (this.run().status === 'succeeded' ? 100 : progressPercent(this.run().progress)));
  protected readonly text = computed(() => progressText(this.run().progress));
  protected readonly statusText = computed(() => RUN_STATUS_TEXT[this.run().status]);
  /** Why it paused or failed, in words (the API's own under Details). */
  protected readonly reason = computed(() => (isActive(this.run()) ? null : this.run().statusReason));
}
