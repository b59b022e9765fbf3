import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PushDto } from '@ctct/shared-types';
import { Icon, type IconName } from '../../shared/icon/icon';
import { fieldPushMessage, optOutPushMessage } from '../data-access/ctct-display';

const ICONS: Record<string, IconName> = { ok: 'checkCircle', pending: 'sync', failed: 'error', neutral: 'info' };

/**
 * Where the contact's last push of one kind stands in Constant Contact: on its way, retrying, failed (why, with the
 * API's words under Details), or what Constant Contact did with it. The opt-out's message depends on the switch as it
 * is now; a push with a `subject` ("Name and email") is a field push.
 */
@Component({
  selector: 'app-push-state',
  imports: [Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (message(); as m) {
      <div [class]="'push tone-' + m.tone" data-testid="push-state" role="status">
        <app-icon [name]="icons[m.tone]" class="icon" />
        <div>
          <span>{{ m.text }}</span>
          @if (m.detail) {
            <details data-testid="push-state-details">
              <summary>Details</summary>
              <code>{{ m.detail }}</code>
            </details>
          }
        </div>
      </div>
    }
  `,
  styles: `
    .push {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .icon {
      width: 18px;
      height: 18px;
    }
    .tone-ok {
      color: #0b5323;
    }
    .tone-failed {
      color: var(--mat-sys-error);
    }
    summary {
      cursor: pointer;
      text-decoration: underline;
      width: max-content;
    }
    code {
      display: block;
      font-family: ui-monospace, monospace;
      overflow-wrap: anywhere;
    }
  `,
})
export class PushState {
  /** The newest push of this kind, if any. */
  readonly push = input<PushDto | null>(null);
  /** What a field push carries ("Name and email"); empty for the opt-out. */
  readonly subject = input<string>('');
  /** Do Not Email as the record shows it now (the opt-out's message depends on it). */
  readonly doNotEmail = input<boolean>(false);

  protected readonly icons = ICONS;
  protected readonly message = computed(() =>
    this.subject() ? fieldPushMessage(this.push(), this.subject()) : optOutPushMessage(this.push(), this.doNotEmail()),
  );
}
