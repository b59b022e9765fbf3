import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { Icon } from '../../shared/icon/icon';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { PlainMessageText } from '../../shared/ui/plain-message';
import {
  CONNECTION_STATE_LABELS,
  absoluteTime,
  budgetSummary,
  relativeAndAbsolute,
  relativeTime,
  targetLabel,
} from '../data-access/connection-display';

/**
 * The "Constant Contact connection" card: state, account, token times, scopes, the rate plan in force and the
 * Connect / Reconnect / Disconnect actions. Presentational: the settings page loads and acts.
 */
@Component({
  selector: 'app-connection-card',
  imports: [MatCardModule, MatButtonModule, Icon, LoadingState, ErrorState, PlainMessageText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'connection-card' },
  templateUrl: './connection-card.html',
  styleUrl: './connection-card.scss',
})
export class ConnectionCard {
  /** Undefined until the first answer (or when it failed). */
  readonly connection = input<CtctConnectionDto>();
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  /** A disconnect or the connect navigation is under way: no second click. */
  readonly busy = input(false);
  /** Epoch ms, for "in 23 h": the page ticks it so relative times stay true. */
  readonly now = input.required<number>();

  readonly connect = output<void>();
  readonly disconnect = output<void>();
  readonly retry = output<void>();

  protected readonly stateLabels = CONNECTION_STATE_LABELS;
  protected readonly targetLabel = targetLabel;
  protected readonly budgetSummary = budgetSummary;

  protected readonly account = computed(() => {
    const account = this.connection()?.account;
    if (!account) return null;
    const parts = [account.organizationName, account.email].filter((part): part is string => !!part);
    return parts.length ? parts.join(' · ') : null;
  });

  protected when(iso: string | null): string | null {
    return iso ? relativeAndAbsolute(iso, this.now()) : null;
  }

  protected at(iso: string): string {
    return absoluteTime(iso);
  }

  protected relative(iso: string): string {
    return relativeTime(iso, this.now());
  }
}
