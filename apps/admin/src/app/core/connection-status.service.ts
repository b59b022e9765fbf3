import { Injectable, computed, inject, signal } from '@angular/core';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { Subscription } from 'rxjs';
import { CtctConnectionApi } from '../settings/data-access/ctct-connection.api';

/** Navigations ask at most this often; the settings page publishes fresh states in between. */
export const CONNECTION_STATUS_THROTTLE_MS = 30_000;

/**
 * The Constant Contact connection as the shell knows it (for the "needs reconnect" banner). The shell asks on
 * start and after navigations (throttled); the settings page publishes what it loads or changes (connect
 * callback, disconnect) so the banner follows at once. A failed check is not an error anywhere: no banner.
 */
@Injectable({ providedIn: 'root' })
export class ConnectionStatusService {
  private readonly api = inject(CtctConnectionApi);

  private readonly _connection = signal<CtctConnectionDto | null>(null);
  readonly connection = this._connection.asReadonly();
  readonly needsReconnect = computed(() => this._connection()?.state === 'needs_reconnect');
  readonly reason = computed(() => this._connection()?.reason ?? '');

  private lastCheckAt = Number.NEGATIVE_INFINITY;
  private pending: Subscription | null = null;

  /** Asks the API unless a check is running or one finished less than 30 s ago. */
  refresh(): void {
    if (this.pending || Date.now() - this.lastCheckAt < CONNECTION_STATUS_THROTTLE_MS) return;
    const check = this.api.get().subscribe({
      next: (connection) => this.settle(connection),
      error: () => this.settle(null),
    });
    if (!check.closed) this.pending = check;
  }

  /** Asks now, whatever the throttle says: something just happened that may have changed it (e.g. Sync now). */
  refreshNow(): void {
    this.pending?.unsubscribe();
    this.pending = null;
    this.lastCheckAt = Number.NEGATIVE_INFINITY;
    this.refresh();
  }

  /** The settings page just loaded or changed the connection: take its answer instead of asking again. */
  publish(connection: CtctConnectionDto): void {
    this.pending?.unsubscribe();
    this.settle(connection);
  }

  private settle(connection: CtctConnectionDto | null): void {
    this.pending = null;
    this.lastCheckAt = Date.now();
    this._connection.set(connection);
  }
}
