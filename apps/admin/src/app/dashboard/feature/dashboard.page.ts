import { DatePipe, NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { PlainMessageText } from '../../shared/ui/plain-message';
import {
  CONNECTION_STATE_LABELS,
  absoluteTime,
  relativeAndAbsolute,
  relativeTime,
  targetLabel,
} from '../../settings/data-access/connection-display';
import { CtctConnectionApi } from '../../settings/data-access/ctct-connection.api';
import { SyncApi } from '../../sync/data-access/sync.api';
import { countsSummary, jobLabel, isActive } from '../../sync/data-access/sync-display';
import { RunStatusChip } from '../../sync/ui/run-status-chip';
import { budgetView } from '../data-access/budget-display';
import { DASHBOARD_TILES } from '../data-access/dashboard-tiles';

/** The last runs shown: enough to see whether things are working. */
export const DASHBOARD_RUNS = 5;
const CLOCK_TICK_MS = 60_000;

/**
 * /dashboard, the landing page: is Constant Contact connected, how much of today's API quota is used, how the jobs
 * and the latest runs went. Other features add tiles through DASHBOARD_TILES (drift, opt-out service level, alerts).
 */
@Component({
  selector: 'app-dashboard-page',
  imports: [
    DatePipe,
    NgComponentOutlet,
    RouterLink,
    MatButtonModule,
    Icon,
    LoadingState,
    EmptyState,
    ErrorState,
    PlainMessageText,
    RunStatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.scss',
})
export class DashboardPage {
  private readonly ctctApi = inject(CtctConnectionApi);
  private readonly syncApi = inject(SyncApi);
  private readonly status = inject(ConnectionStatusService);

  protected readonly stateLabels = CONNECTION_STATE_LABELS;
  protected readonly targetLabel = targetLabel;
  protected readonly jobLabel = jobLabel;
  protected readonly countsSummary = countsSummary;
  protected readonly isActive = isActive;
  protected readonly extraTiles = [...inject(DASHBOARD_TILES)].sort((a, b) => a.order - b.order);

  protected readonly now = signal(Date.now());
  protected readonly connecting = signal(false);

  protected readonly connection = rxResource({ stream: () => this.ctctApi.get() });
  protected readonly connectionValue = computed(() => (this.connection.hasValue() ? this.connection.value() : undefined));
  protected readonly connectionError = computed(() => errorOf(this.connection.error()));
  protected readonly budget = computed(() => {
    const connection = this.connectionValue();
    return connection ? budgetView(connection.budget) : null;
  });

  protected readonly jobs = rxResource({ stream: () => this.syncApi.jobs() });
  protected readonly jobsError = computed(() => errorOf(this.jobs.error()));

  protected readonly runs = rxResource({ stream: () => this.syncApi.runs({ limit: DASHBOARD_RUNS }) });
  protected readonly runsError = computed(() => errorOf(this.runs.error()));

  constructor() {
    // What this page learns about the connection, the banner and every CC action learn too.
    effect(() => {
      const connection = this.connectionValue();
      if (connection) this.status.publish(connection);
    });
    const tick = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }

  protected account(): string | null {
    const account = this.connectionValue()?.account;
    const parts = [account?.organizationName, account?.email].filter((part): part is string => !!part);
    return parts.length ? parts.join(' · ') : null;
  }

  protected when(iso: string | null): string | null {
    return iso ? relativeAndAbsolute(iso, this.now()) : null;
  }

  protected relative(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected at(iso: string): string {
    return absoluteTime(iso);
  }

  protected connect(): void {
    this.connecting.set(true);
    this.status.connect();
  }
}

function errorOf(error: unknown): string | null {
  return error ? toApiError(error).message : null;
}
