import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { PlainMessageText } from '../../shared/ui/plain-message';

/**
 * Across the top of every page while Constant Contact is not connected or needs signing in again. Its button goes
 * straight to Constant Contact's consent page (no detour through Settings); when the server has no CC app keys the
 * button is disabled and says why.
 */
@Component({
  selector: 'app-connection-banner',
  imports: [MatButtonModule, Icon, PlainMessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    role: 'region',
    'aria-label': 'Constant Contact connection',
    'data-testid': 'connection-banner',
    '[attr.data-state]': 'connection().state',
    '[class]': '"state-" + connection().state',
  },
  template: `
    <app-icon name="warning" class="banner-icon" />
    <div class="text">
      <p class="headline">{{ headline() }}</p>
      @if (needsReconnect() && connection().reason) {
        <app-plain-message class="reason" [message]="connection().reason" />
      }
      @if (!connection().configured) {
        <p class="reason" id="banner-connect-reason" data-testid="banner-not-configured">
          Connecting needs the Constant Contact app keys (CTCT_CLIENT_ID, CTCT_CLIENT_SECRET, CTCT_REDIRECT_URI) on the server.
        </p>
      }
    </div>
    <button
      mat-flat-button
      type="button"
      class="action"
      data-testid="banner-connect"
      [disabled]="!connection().configured || busy()"
      [attr.aria-describedby]="connection().configured ? null : 'banner-connect-reason'"
      (click)="connect.emit()"
    >
      <app-icon [name]="needsReconnect() ? 'refresh' : 'link'" />
      {{ needsReconnect() ? 'Reconnect' : 'Connect' }}
    </button>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      padding: 8px 16px 8px 24px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    :host(.state-needs_reconnect) {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .text {
      flex: 1 1 240px;
      min-width: 0;
    }
    .headline {
      margin: 0;
      font: var(--mat-sys-title-small);
    }
    .reason {
      display: block;
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
    }
    .action {
      flex-shrink: 0;
      margin-left: auto;
    }
    @media (max-width: 599.98px) {
      :host {
        padding-left: 16px;
      }
    }
  `,
})
export class ConnectionBanner {
  readonly connection = input.required<CtctConnectionDto>();
  /** On the way to the consent page: no second click. */
  readonly busy = input(false);
  readonly connect = output<void>();

  protected readonly needsReconnect = computed(() => this.connection().state === 'needs_reconnect');
  protected readonly headline = computed(() =>
    this.needsReconnect()
      ? 'Constant Contact needs you to sign in again. Syncs and pushes are paused until you reconnect.'
      : 'Not connected to Constant Contact. Syncs, pushes and bulk runs wait until you connect.',
  );
}
