import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Icon } from '../icon/icon';

/** Previous / Next for a keyset-paged table (see shared/data-access/keyset-paging), with the page number. */
@Component({
  selector: 'app-keyset-pager',
  imports: [MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="pager" [attr.aria-label]="label()">
      <span class="where">
        @if (summary()) {
          <span class="range" [attr.data-testid]="testIdPrefix() + 'range'" aria-live="polite">{{ summary() }}</span>
        }
        <span class="page-number" [attr.data-testid]="testIdPrefix() + 'page-number'">Page {{ pageNumber() }}</span>
      </span>
      <button
        mat-stroked-button
        type="button"
        [attr.data-testid]="testIdPrefix() + 'prev-page'"
        [disabled]="pageNumber() === 1 || loading()"
        (click)="previous.emit()"
      >
        <app-icon name="chevronLeft" />
        Previous
      </button>
      <button
        mat-stroked-button
        type="button"
        [attr.data-testid]="testIdPrefix() + 'next-page'"
        [disabled]="!hasNext() || loading()"
        (click)="next.emit()"
      >
        Next
        <app-icon name="chevronRight" />
      </button>
    </nav>
  `,
  styles: `
    .pager {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: 8px;
      margin-top: 12px;
    }
    .where {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin-right: auto;
      color: var(--mat-sys-on-surface-variant);
    }
    .range {
      color: var(--mat-sys-on-surface);
      font-weight: 500;
    }
  `,
})
export class KeysetPager {
  readonly pageNumber = input.required<number>();
  readonly hasNext = input.required<boolean>();
  /** While a page loads, both buttons wait. */
  readonly loading = input(false);
  readonly label = input('Pages');
  /** "1–50 of 2,000", when the page knows it. */
  readonly summary = input<string>('');
  /** Prefix for the data-testids (`prev-page`, `next-page`, `page-number`) when a page has two pagers. */
  readonly testIdPrefix = input('');
  readonly previous = output<void>();
  readonly next = output<void>();
}
