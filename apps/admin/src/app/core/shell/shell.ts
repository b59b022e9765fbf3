import { BreakpointObserver } from '@angular/cdk/layout';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { Icon } from '../../shared/icon/icon';
import { AlertsBell } from '../alerts/alerts-bell';
import { AuthService } from '../auth/auth.service';
import { ConnectionStatusService } from '../connection-status.service';
import { NAV_ITEMS } from './nav-items';
import { ConnectionBanner } from './connection-banner';

/** Below this width (tablets, phones) the side navigation becomes an overlay opened from the toolbar. */
export const COMPACT_LAYOUT_QUERY = '(max-width: 1023.98px)';

/** The signed-in frame: toolbar (alerts bell, user, Account, sign out), side navigation, the connection banner and the routed page. */
@Component({
  selector: 'app-shell',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatSidenavModule,
    MatListModule,
    MatButtonModule,
    MatTooltipModule,
    Icon,
    ConnectionBanner,
    AlertsBell,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly connectionStatus = inject(ConnectionStatusService);
  private readonly document = inject(DOCUMENT);

  protected readonly navItems = NAV_ITEMS;
  protected readonly user = this.auth.user;
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe(COMPACT_LAYOUT_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  /** Open by default on wide screens, closed by default when it would cover the page. */
  protected readonly navOpen = linkedSignal(() => !this.compact());
  protected readonly mode = computed(() => (this.compact() ? 'over' : 'side'));
  protected readonly signingOut = signal(false);
  /** The connection while it is missing or needs signing in again (the banner), else null. */
  protected readonly bannerConnection = computed(() => {
    const connection = this.connectionStatus.connection();
    return connection && connection.state !== 'connected' ? connection : null;
  });
  protected readonly connecting = signal(false);

  constructor() {
    // Throttled in the service: quick clicks through the navigation do not each ask the API.
    this.connectionStatus.refresh();
    inject(Router)
      .events.pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.connectionStatus.refresh());
  }

  protected navigated(): void {
    if (this.compact()) this.navOpen.set(false);
  }

  /**
   * The skip link moves focus into the page. As a plain `#main-content` link it would navigate (the base href makes it
   * `/#main-content`) and reload the app on the dashboard.
   */
  protected skipToContent(event: Event): void {
    event.preventDefault();
    (this.document.getElementById('main-content') as HTMLElement | null)?.focus();
  }

  protected connect(): void {
    this.connecting.set(true);
    this.connectionStatus.connect();
  }

  protected signOut(): void {
    this.signingOut.set(true);
    this.auth.logout().subscribe({ complete: () => this.signingOut.set(false) });
  }
}
