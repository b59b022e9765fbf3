import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PushDto } from '@ctct/shared-types';
import { Icon, type IconName } from '../../shared/icon/icon';
import { optOutPushMessage } from '../data-access/ctct-display';

const ICONS: Record<string, IconName> = { ok: 'checkCircle', pending: 'sync', failed: 'error', neutral: 'info' };

/**
 * Where the contact's opt-out stands in Constant Contact, as it matters with the switch as it is now: on its way,
 * retrying, failed (why, with the API's words under Details), or what Constant Contact did with it.
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
    .icon { width: 18px; height: 18px; }
    .tone-ok { color: #0b5323; }
    .tone-failed { color: var(--mat-sys-error); }
    summary { cursor: pointer; text-decoration: underline; width: max-content; }
    code { display: block; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
  `,
})
export class PushState {
  /** The newest opt-out push of the contact, if any. */
  readonly push = input<PushDto | null>(null);
  /** Do Not Email as the record shows it now. */
  readonly doNotEmail = input.required<boolean>();

  protected readonly icons = ICONS;
  protected readonly message = computed(() => optOutPushMessage(this.push(), this.doNotEmail()));
}
