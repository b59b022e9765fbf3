import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ContactType } from '@ctct/shared-types';

/** The contact type as a small coloured label. */
@Component({
  selector: 'app-contact-type-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"type-" + type()', 'data-testid': 'contact-type' },
  template: `{{ type() }}`,
  styles: `
    :host {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 12px;
      font: var(--mat-sys-label-medium);
      text-transform: capitalize;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
      white-space: nowrap;
    }
    :host(.type-customer) {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    :host(.type-supplier) {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    :host(.type-lead) {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class ContactTypeChip {
  readonly type = input.required<ContactType>();
}
