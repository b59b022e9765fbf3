import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PushDto } from '@ctct/shared-types';

/**
 * Where the contact's last push of one kind to Constant Contact stands: on its way, delivered (and what it did),
 * retrying after an error, or failed for good with the reason.
 */
@Component({
  selector: 'app-push-state',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (push(); as p) {
      <p class="push" [class]="'push ' + tone()" data-testid="push-state" aria-live="polite">
        <span class="label">{{ subject() ? subject() + ': ' : '' }}{{ label() }}</span>
        @if (p.status === 'delivered') {
          — {{ p.outcome }} ({{ p.deliveredAt | date: 'MMM d, HH:mm:ss' }})
        } @else if (p.lastError) {
          — {{ p.lastError }}
        }
      </p>
    }
  `,
  styles: `
    .push { margin: 8px 0 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .label { font-weight: 600; }
    .push.failed { color: var(--mat-sys-error); }
    .push.delivered .label { color: var(--mat-sys-primary); }
  `,
})
export class PushState {
  /** The newest push of one kind (an opt-out, or a name/email update), if any. */
  readonly push = input<PushDto | null>(null);
  /** What the push carries, when the record shows more than one kind ("Name and email"). */
  readonly subject = input<string>('');

  protected readonly tone = computed(() => {
    const push = this.push();
    if (!push) return '';
    if (push.status === 'failed') return 'failed';
    return push.status === 'delivered' ? 'delivered' : 'pending';
  });

  protected readonly label = computed(() => {
    const push = this.push();
    switch (push?.status) {
      case 'delivered':
        return 'Delivered to Constant Contact';
      case 'failed':
        return 'Push to Constant Contact failed';
      case 'superseded':
        return 'Not sent (changed back before delivery)';
      case 'pending':
      case 'delivering':
        return push.lastError ? `Pending — retrying (attempt ${push.attempts})` : 'Pending: on its way to Constant Contact…';
      default:
        return '';
    }
  });
}
