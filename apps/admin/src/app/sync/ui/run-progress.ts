import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { SyncRunDto } from '@ctct/shared-types';
import { progressPercent, progressText } from '../data-access/sync-display';

/** A run's progress: a bar (indeterminate until the total is known) and "1,200 of 5,000 · 38/s". */
@Component({
  selector: 'app-run-progress',
  imports: [MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-progress-bar
      [mode]="percent() === null ? 'indeterminate' : 'determinate'"
      [value]="percent() ?? 0"
      [attr.aria-label]="label() + ': ' + text()"
    />
    <span class="text">{{ text() }}</span>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
      min-width: 0;
    }
    mat-progress-bar {
      flex: 1 1 120px;
      min-width: 80px;
    }
    .text {
      flex: 0 0 auto;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
  `,
})
export class RunProgress {
  readonly progress = input.required<SyncRunDto['progress']>();
  readonly label = input('Progress');
  protected readonly percent = computed(() => progressPercent(this.progress()));
  protected readonly text = computed(() => progressText(this.progress()));
}
