import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Non-blocking: the CRM allows duplicate emails, but the user should know and can jump to the others. */
@Component({
  selector: 'app-duplicate-email-notice',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'data-testid': 'duplicate-email-notice' },
  template: `
    <span>{{ summary() }}:</span>
    @for (id of contactIds(); track id; let i = $index) {
      <a [routerLink]="['/contacts', id]" data-testid="duplicate-email-link">Contact {{ i + 1 }}</a>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    a {
      color: inherit;
      font-weight: 500;
    }
  `,
})
export class DuplicateEmailNotice {
  readonly contactIds = input.required<readonly string[]>();
  protected readonly summary = computed(() => {
    const n = this.contactIds().length;
    return n === 1 ? '1 other contact shares this email' : `${n} other contacts share this email`;
  });
}
