import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { statusClassOf } from '../data-access/log-display';

/** The HTTP status coloured by class; "—" when no response came (network error). */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class]': '"status-" + statusClass()',
    '[attr.title]': 'status() === null ? "No response (network error)" : null',
    'data-testid': 'log-status',
  },
  template: `{{ status() ?? '—' }}
    @if (status() === null) {
      <span class="visually-hidden"> no response (network error)</span>
    }`,
  styles: `
    :host {
      display: inline-block;
      min-width: 36px;
      padding: 2px 8px;
      border-radius: 8px;
      box-sizing: border-box;
      text-align: center;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    /* M3 has no success/warning roles: green and amber keep 2xx and 4xx apart from the (blue) theme colours. */
    :host(.status-2xx) {
      background: #d3f5dc;
      color: #0b5323;
    }
    :host(.status-3xx) {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    :host(.status-4xx) {
      background: #ffe3b8;
      color: #5c3a00;
    }
    :host(.status-5xx),
    :host(.status-error) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class StatusChip {
  readonly status = input.required<number | null>();
  protected readonly statusClass = computed(() => statusClassOf(this.status()));
}
