import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import type { AlertDto } from '@ctct/shared-types';
import { forkJoin, map } from 'rxjs';
import { AlertsApi } from '../../core/alerts/alerts.api';
import type { DashboardTile } from '../data-access/dashboard-tiles';

/**
 * The dashboard's alerts tile: how many alerts wait unread and the latest open one, with a link to the page where it
 * is fixed (following it marks it read, as the bell does). The same API as the toolbar's bell.
 */
@Component({
  selector: 'app-alerts-tile',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 class="tile-title">Alerts</h2>
    @if (alerts.error()) {
      <p class="line muted" role="status">The alerts could not be loaded; the bell at the top shows them too.</p>
    } @else if (alerts.hasValue()) {
      @let view = alerts.value();
      <p class="line" data-testid="alerts-tile-unread">{{ unreadText() }}</p>
      @if (view.latest; as latest) {
        <div class="latest" [class.error]="latest.severity === 'error'" data-testid="alerts-tile-latest">
          <span class="latest-title">{{ latest.title }}</span>
          <span>{{ latest.message }}</span>
          <time class="muted" [attr.datetime]="latest.raisedAt">{{ latest.raisedAt | date: 'MMM d, HH:mm' }}</time>
        </div>
        <a class="link" [href]="latest.link" (click)="fix($event, latest)" data-testid="alerts-tile-fix"> Go to the fix </a>
      } @else {
        <p class="line muted" data-testid="alerts-tile-empty">Nothing needs your attention.</p>
      }
    } @else {
      <p class="line muted">Loading…</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      width: 100%;
    }
    .tile-title {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .line {
      margin: 0;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .latest {
      display: grid;
      gap: 2px;
      padding: 8px 12px;
      border-radius: 8px;
      border-left: 3px solid var(--mat-sys-tertiary);
      background: var(--mat-sys-surface-container);
      font: var(--mat-sys-body-small);
    }
    .latest.error {
      border-left-color: var(--mat-sys-error);
    }
    .latest-title {
      font: var(--mat-sys-label-large);
    }
    .link {
      color: var(--mat-sys-primary);
    }
  `,
})
export class AlertsTile {
  private readonly api = inject(AlertsApi);
  private readonly router = inject(Router);

  protected readonly alerts = rxResource({
    stream: () =>
      forkJoin({ count: this.api.unreadCount(), open: this.api.open(1) }).pipe(
        map(({ count, open }) => ({ unread: count.unread, latest: open.items[0] ?? null })),
      ),
  });
  protected readonly unreadText = computed(() => {
    const unread = this.alerts.hasValue() ? this.alerts.value().unread : 0;
    return unread === 0 ? 'No unread alerts.' : `${unread} unread ${unread === 1 ? 'alert' : 'alerts'}.`;
  });

  /** Marks it read (when it was not) and opens the page where it is fixed. */
  protected fix(event: Event, alert: AlertDto): void {
    event.preventDefault();
    if (!alert.readAt) this.api.markRead(alert.id).subscribe({ error: () => undefined });
    void this.router.navigateByUrl(alert.link);
  }
}

/** Registered in DASHBOARD_TILES (app.config.ts): after the built-in tiles. */
export const ALERTS_TILE: DashboardTile = { id: 'alerts', order: 10, component: AlertsTile };
