import { Injectable, computed, inject, signal } from '@angular/core';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { Subscription } from 'rxjs';
import { CtctConnectionApi } from '../settings/data-access/ctct-connection.api';

/** Navigations ask at most this often; the settings page publishes fresh states in between. */
export const CONNECTION_STATUS_THROTTLE_MS = 30_000;

/**
 * The Constant Contact connection as the whole app knows it: the shell's "Not connected — Connect" / "Reconnect"
 * banner, and every action that needs CC (Sync now, a bulk run, the re-subscribe email) is disabled with
 * `blockedReason` while it is missing. The shell asks on start and after navigations (throttled); the settings
 * page publishes what it loads or changes (connect callback, disconnect) so everything follows at once. A failed
 * check is not an error anywhere: nothing is blocked on a guess.
 */
@Injectable({ providedIn: 'root' })
export class ConnectionStatusService {
  private readonly api = inject(CtctConnectionApi);

  private readonly _connection = signal<CtctConnectionDto | null>(null);
  readonly connection = this._connection.asReadonly();
  readonly needsReconnect = computed(() => this._connection()?.state === 'needs_reconnect');
  readonly reason = computed(() => this._connection()?.reason ?? '');
  /** Null until known (or when the check failed). */
  readonly state = computed(() => this._connection()?.state ?? null);
  /** Why an action that calls Constant Contact cannot run now; null when it can (or when we do not know). */
  readonly blockedReason = computed(() => blockedReason(this._connection()));

  private lastCheckAt = Number.NEGATIVE_INFINITY;
  private pending: Subscription | null = null;

  /** Leaves for Constant Contact's consent page (a full page load); it comes back to /settings?ctct=… */
  connect(): void {
    this.api.startConnect();
  }

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

/** One sentence per reason an action needing Constant Contact cannot run; shared by every such button. */
export function blockedReason(connection: CtctConnectionDto | null): string | null {
  if (!connection) return null;
  if (connection.state === 'disconnected') return 'Constant Contact is not connected: connect it first.';
  if (connection.state === 'needs_reconnect') return 'Constant Contact needs you to sign in again: reconnect it first.';
  return null;
}
