import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { toApiError } from '../../core/http/api-error';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { Icon } from '../../shared/icon/icon';
import { connectCallbackMessage } from '../data-access/connection-display';
import { CtctConnectionApi } from '../data-access/ctct-connection.api';
import { ConnectionCard } from '../ui/connection-card';

/** Relative times ("in 23 h") are re-rendered this often. */
const CLOCK_TICK_MS = 60_000;

/**
 * /settings. Cards stack in `.cards`, one per concern; each card's state lives here (later: job schedules,
 * list-membership trigger, contact-type → list rules, log retention).
 *
 * The connect flow leaves the admin (full-page navigation through CC's consent page) and comes back as
 * /settings?ctct=connected or ?ctct=error&message=…: the message is shown once and the params removed.
 */
@Component({
  selector: 'app-settings-page',
  imports: [MatButtonModule, Icon, ConnectionCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './settings.page.html',
  styleUrl: './settings.page.scss',
})
export class SettingsPage {
  private readonly api = inject(CtctConnectionApi);
  private readonly status = inject(ConnectionStatusService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  protected readonly now = signal(Date.now());

  protected readonly connection = rxResource({ stream: () => this.api.get() });
  protected readonly connectionValue = computed(() => (this.connection.hasValue() ? this.connection.value() : undefined));
  protected readonly connectionError = computed(() => {
    const error = this.connection.error();
    return error ? toApiError(error).message : null;
  });

  /** Disconnecting, or on the way to CC's consent page. */
  protected readonly busy = signal(false);
  protected readonly callbackMessage = signal(
    connectCallbackMessage(this.route.snapshot.queryParamMap.get('ctct'), this.route.snapshot.queryParamMap.get('message')),
  );

  constructor() {
    const tick = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));

    // Whatever this page learns, the shell's banner learns too.
    effect(() => {
      const connection = this.connectionValue();
      if (connection) this.status.publish(connection);
    });

    if (this.callbackMessage()?.kind === 'success') {
      this.snackBar.open('Constant Contact connected', undefined, { duration: 4000 });
    }
    if (this.route.snapshot.queryParamMap.has('ctct') || this.route.snapshot.queryParamMap.has('message')) {
      // A reload or a shared link must not repeat the message.
      void this.router.navigate([], {
        relativeTo: this.route,
        queryParams: { ctct: null, message: null },
        queryParamsHandling: 'merge',
        replaceUrl: true,
      });
    }
  }

  protected dismissMessage(): void {
    this.callbackMessage.set(null);
  }

  protected retry(): void {
    this.connection.reload();
  }

  protected connect(): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.api.startConnect();
  }

  protected disconnect(): void {
    if (this.busy()) return;
    confirm(this.dialog, {
      title: 'Disconnect Constant Contact?',
      message: 'Scheduled syncs stop and tokens are revoked.',
      confirmLabel: 'Disconnect',
      destructive: true,
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.busy.set(true);
      this.callbackMessage.set(null);
      this.api.disconnect().subscribe({
        next: (connection) => {
          this.busy.set(false);
          this.connection.set(connection);
          this.snackBar.open('Constant Contact disconnected', undefined, { duration: 3000 });
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.snackBar.open(`Disconnect failed: ${toApiError(err).message}`, 'Dismiss');
        },
      });
    });
  }
}
