import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, InjectionToken, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { NavigationEnd, Router } from '@angular/router';
import type { AlertDto } from '@ctct/shared-types';
import { filter, interval } from 'rxjs';
import { Icon } from '../../shared/icon/icon';
import { AlertsApi } from './alerts.api';

/** How often the bell asks for the unread count (navigations ask too, at most this often). */
export const ALERTS_POLL_MS = new InjectionToken<number>('ALERTS_POLL_MS', { factory: () => 60_000 });

/**
 * The toolbar's bell: how many alerts wait unread (connection, failed or long-paused runs, quota, opt-outs), and
 * a small list of the open ones; choosing one marks it read and opens the page where it is fixed.
 */
@Component({
  selector: 'app-alerts-bell',
  imports: [DatePipe, MatButtonModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'close()', '(document:click)': 'closeIfOutside($event)' },
  template: `
    <button
      mat-icon-button
      type="button"
      class="bell"
      [attr.aria-label]="unread() ? 'Alerts, ' + unread() + ' unread' : 'Alerts'"
      [attr.aria-expanded]="open()"
      aria-haspopup="dialog"
      (click)="toggle()"
      data-testid="alerts-bell"
    >
      <app-icon name="notifications" />
      @if (unread() > 0) {
        <span class="badge" aria-hidden="true" data-testid="alerts-unread">{{ unread() > 99 ? '99+' : unread() }}</span>
      }
    </button>
    @if (open()) {
      <section class="panel" role="dialog" aria-label="Alerts" data-testid="alerts-panel">
        <header class="panel-header">
          <h2 class="panel-title">Alerts</h2>
          @if (unread() > 0) {
            <button mat-button type="button" (click)="markAllRead()" data-testid="alerts-read-all">Mark all read</button>
          }
        </header>
        @if (loadError()) {
          <p class="empty" role="alert">The alerts could not be loaded.</p>
        } @else if (alerts() === null) {
          <p class="empty">Loading…</p>
        } @else if (alerts()!.length === 0) {
          <p class="empty" data-testid="alerts-empty">Nothing needs your attention.</p>
        } @else {
          <ul class="list">
            @for (alert of alerts(); track alert.id) {
              <li>
                <button
                  type="button"
                  class="item"
                  [class.unread]="!alert.readAt"
                  [class.error]="alert.severity === 'error'"
                  (click)="choose(alert)"
                  data-testid="alert-item"
                >
                  <span class="item-title">{{ alert.title }}</span>
                  <span class="item-message">{{ alert.message }}</span>
                  <time class="item-time" [attr.datetime]="alert.raisedAt">{{ alert.raisedAt | date: 'MMM d, HH:mm' }}</time>
                </button>
              </li>
            }
          </ul>
        }
      </section>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
    }
    .badge {
      position: absolute;
      top: 4px;
      right: 2px;
      min-width: 18px;
      height: 18px;
      padding: 0 4px;
      border-radius: 9px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font: var(--mat-sys-label-small);
      line-height: 18px;
      text-align: center;
    }
    .panel {
      position: absolute;
      top: 100%;
      right: 0;
      z-index: 10;
      width: min(380px, 90vw);
      max-height: 70vh;
      overflow: auto;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      border-radius: 12px;
      box-shadow: var(--mat-sys-level3);
      padding: 8px 0;
    }
    .panel-header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      padding: 0 8px 0 16px;
    }
    .panel-title {
      font: var(--mat-sys-title-small);
      margin: 8px 0;
    }
    .empty {
      padding: 8px 16px;
      margin: 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .item {
      display: grid;
      gap: 2px;
      width: 100%;
      text-align: left;
      padding: 8px 16px;
      border: 0;
      background: none;
      color: inherit;
      cursor: pointer;
      border-left: 3px solid transparent;
      font: var(--mat-sys-body-small);
    }
    .item:hover,
    .item:focus-visible {
      background: var(--mat-sys-surface-container-high);
    }
    .item.unread {
      border-left-color: var(--mat-sys-tertiary);
    }
    .item.unread.error {
      border-left-color: var(--mat-sys-error);
    }
    .item-title {
      font: var(--mat-sys-label-large);
    }
    .item-time {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AlertsBell {
  private readonly api = inject(AlertsApi);
  private readonly router = inject(Router);
  private readonly host = inject(ElementRef<HTMLElement>);
  private readonly pollMs = inject(ALERTS_POLL_MS);

  protected readonly unread = signal(0);
  protected readonly open = signal(false);
  protected readonly alerts = signal<AlertDto[] | null>(null);
  protected readonly loadError = signal(false);
  private lastCountAt = Number.NEGATIVE_INFINITY;

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.refreshCount();
    interval(this.pollMs)
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.refreshCount(true));
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(destroyRef),
      )
      .subscribe(() => this.refreshCount());
  }

  protected toggle(): void {
    if (this.open()) {
      this.close();
      return;
    }
    this.open.set(true);
    this.alerts.set(null);
    this.loadError.set(false);
    this.api.open().subscribe({
      next: (page) => this.alerts.set(page.items),
      error: () => this.loadError.set(true),
    });
  }

  protected close(): void {
    this.open.set(false);
  }

  protected closeIfOutside(event: Event): void {
    if (this.open() && !this.host.nativeElement.contains(event.target as Node)) this.close();
  }

  /** Marks it read and opens the page where it is fixed. */
  protected choose(alert: AlertDto): void {
    this.close();
    if (!alert.readAt) {
      this.unread.update((count) => Math.max(0, count - 1));
      this.api.markRead(alert.id).subscribe({ error: () => this.refreshCount(true) });
    }
    void this.router.navigateByUrl(alert.link);
  }

  protected markAllRead(): void {
    this.api.markAllRead().subscribe((result) => {
      this.unread.set(result.unread);
      this.alerts.update((list) => list?.map((alert) => ({ ...alert, readAt: alert.readAt ?? new Date().toISOString() })) ?? null);
    });
  }

  /** Asks for the count, at most once per poll interval unless `force` (the timer, or after a failed mark). */
  private refreshCount(force = false): void {
    if (!force && Date.now() - this.lastCountAt < this.pollMs) return;
    this.lastCountAt = Date.now();
    // A failed count keeps the last one: the bell is never an error of its own.
    this.api.unreadCount().subscribe({ next: (result) => this.unread.set(result.unread), error: () => undefined });
  }
}
