import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { Icon } from '../../shared/icon/icon';

/** Across the top of every page while Constant Contact needs re-authorising: syncs cannot run until then. */
@Component({
  selector: 'app-reconnect-banner',
  imports: [RouterLink, MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'data-testid': 'reconnect-banner' },
  template: `
    <app-icon name="warning" class="banner-icon" />
    <p class="text">{{ text() }}</p>
    <a mat-button routerLink="/settings" class="action">Reconnect</a>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 8px 16px 8px 24px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .text { flex: 1; margin: 0; font: var(--mat-sys-body-medium); }
    .action { --mat-button-text-label-text-color: var(--mat-sys-on-error-container); flex-shrink: 0; }
  `,
})
export class ReconnectBanner {
  /** Why CC needs re-authorising (as the API says it); may be empty. */
  readonly reason = input('');
  protected readonly text = computed(() => {
    const reason = this.reason().trim().replace(/[.\s]+$/, '');
    return reason
      ? `Constant Contact needs to be reconnected: ${reason}. Syncs are paused.`
      : 'Constant Contact needs to be reconnected. Syncs are paused.';
  });
}
