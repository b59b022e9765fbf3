import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ReconciliationClass, ReconciliationClassSummaryDto } from '@ctct/shared-types';
import { formatCount } from '../../sync/data-access/sync-display';
import { CLASS_TONES } from '../data-access/reconciliation-display';

/** One tile per class with its count; the chosen one is pressed. */
@Component({
  selector: 'app-class-tiles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tiles" role="group" aria-label="Classes">
      @for (item of classes(); track item.class) {
        <button
          type="button"
          [class]="'tile tone-' + tones[item.class]"
          [class.zero]="item.count === 0"
          [attr.aria-pressed]="selected() === item.class"
          [attr.data-testid]="'class-' + item.class"
          (click)="choose.emit(item.class)"
        >
          <span class="count">{{ format(item.count) }}</span>&ngsp;
          <span class="label">{{ item.label }}</span>
        </button>
      }
    </div>
  `,
  styles: `
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      gap: 8px;
    }
    .tile {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 2px;
      padding: 10px 14px;
      border-radius: 12px;
      cursor: pointer;
      text-align: left;
      border: 2px solid transparent;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      font: inherit;
    }
    .tile:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .tile[aria-pressed='true'] {
      border-color: var(--mat-sys-primary);
    }
    .count {
      font: var(--mat-sys-headline-small);
    }
    .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .tone-ok:not(.zero) .count {
      color: #0b5323;
    }
    .tone-warn:not(.zero) {
      background: #fff1dc;
    }
    .tone-stop:not(.zero) {
      background: var(--mat-sys-error-container);
    }
    .zero .count {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ClassTiles {
  readonly classes = input.required<ReconciliationClassSummaryDto[]>();
  readonly selected = input.required<ReconciliationClass>();
  readonly choose = output<ReconciliationClass>();

  protected readonly tones = CLASS_TONES;
  protected readonly format = formatCount;
}
