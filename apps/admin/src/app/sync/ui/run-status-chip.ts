import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SyncRunStatus } from '@ctct/shared-types';
import { STATUS_LABELS } from '../data-access/sync-display';

/** A run's status as a coloured chip: green succeeded, blue running/queued, amber paused/skipped, red failed, grey cancelled. */
@Component({
  selector: 'app-run-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"run-status status-" + status()' },
  template: `@if (status() === 'running') {
      <span class="dot" aria-hidden="true"></span>
    }
    {{ label() }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      line-height: 20px;
      white-space: nowrap;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    /* M3 has no success/warning roles: green and amber as in the API log's status chip. */
    :host(.status-succeeded) {
      background: #d3f5dc;
      color: #0b5323;
    }
    :host(.status-running),
    :host(.status-queued) {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    :host(.status-paused),
    :host(.status-skipped) {
      background: #ffe3b8;
      color: #5c3a00;
    }
    :host(.status-failed) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: currentColor;
      animation: pulse 1.2s ease-in-out infinite;
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .dot {
        animation: none;
      }
    }
  `,
})
export class RunStatusChip {
  readonly status = input.required<SyncRunStatus>();
  protected readonly label = computed(() => STATUS_LABELS[this.status()]);
}
