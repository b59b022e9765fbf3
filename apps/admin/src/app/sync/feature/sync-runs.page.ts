import { BreakpointObserver } from '@angular/cdk/layout';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { RUN_JOBS, SYNC_RUN_STATUSES, type Page, type SyncRunDto } from '@ctct/shared-types';
import { EMPTY, catchError, distinctUntilChanged, exhaustMap, forkJoin, interval, map, switchMap, takeWhile } from 'rxjs';
import { COMPACT_LAYOUT_QUERY } from '../../core/shell/shell';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { RunFilters, runFiltersFromParams, runFiltersToParams, sameRunFilters } from '../data-access/run-filters';
import { SYNC_POLL_MS } from '../data-access/sync-now';
import { SyncApi } from '../data-access/sync.api';
import {
  JOB_LABELS,
  STATUS_LABELS,
  TRIGGER_LABELS,
  countsSummary,
  formatCount,
  isActive,
  jobLabel,
  runDuration,
  statusLabel,
} from '../data-access/sync-display';
import { RunProgress } from '../ui/run-progress';
import { RunStatusChip } from '../ui/run-status-chip';
import { plainMessage } from '../../shared/wording/plain-language';
import { FIRST_PAGE, KeysetPaging, nextPaging, pageNumberOf, previousPaging } from '../../shared/data-access/keyset-paging';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

export const RUNS_PAGE_SIZE = 25;

const WIDE_COLUMNS = ['job', 'trigger', 'status', 'queued', 'started', 'finished', 'duration', 'counts', 'apiCalls', 'attempts'];
const COMPACT_COLUMNS = ['job', 'status', 'started', 'duration', 'counts', 'apiCalls'];

/**
 * /sync: the run history, newest first, filtered by job and status (in the URL), keyset paged. Runs still queued
 * or running on the page are polled every second and updated in place.
 */
@Component({
  selector: 'app-sync-runs-page',
  imports: [
    KeysetPager,
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    MatTableModule,
    Icon,
    LoadingState,
    EmptyState,
    ErrorState,
    RunStatusChip,
    RunProgress,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sync-runs.page.html',
  styleUrl: './sync-runs.page.scss',
})
export class SyncRunsPage {
  private readonly api = inject(SyncApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly pollMs = inject(SYNC_POLL_MS);

  // The run history holds bulk membership runs too.
  protected readonly jobs = RUN_JOBS;
  protected readonly statuses = SYNC_RUN_STATUSES;
  protected readonly jobLabels = JOB_LABELS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly triggerLabels = TRIGGER_LABELS;
  protected readonly countsSummary = countsSummary;
  protected readonly formatCount = formatCount;
  protected readonly isActive = isActive;
  protected readonly duration = runDuration;
  protected readonly jobLabel = jobLabel;
  protected readonly statusLabel = statusLabel;
  protected readonly triggerLabel = (trigger: SyncRunDto['trigger']) => TRIGGER_LABELS[trigger];
  /** A run's reason in a table cell: the sentence only (the run page has the details). */
  protected readonly plain = (reason: string) => plainMessage(reason).text;

  private readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe(COMPACT_LAYOUT_QUERY)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly columns = computed(() => (this.compact() ? COMPACT_COLUMNS : WIDE_COLUMNS));

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  readonly filters = computed(() => runFiltersFromParams(this.queryParams()), { equal: sameRunFilters });
  protected readonly filtersActive = computed(() => this.filters().job !== null || this.filters().status !== null);

  private readonly paging = linkedSignal<RunFilters, KeysetPaging>({ source: this.filters, computation: () => FIRST_PAGE });
  protected readonly pageNumber = computed(() => pageNumberOf(this.paging()));

  protected readonly runs = rxResource({
    params: () => ({ ...this.filters(), cursor: this.paging().cursor, limit: RUNS_PAGE_SIZE }),
    stream: ({ params }) => this.api.runs(params),
  });
  protected readonly page = keepWhileLoading(this.runs);
  /** Polled versions of the page's active runs, by id; a new page starts from what the API just said. */
  private readonly live = linkedSignal<Page<SyncRunDto> | undefined, ReadonlyMap<string, SyncRunDto>>({
    source: this.page,
    computation: () => new Map(),
  });
  protected readonly rows = computed(() => (this.page()?.items ?? []).map((run) => this.live().get(run.id) ?? run));
  private readonly activeIds = computed(() =>
    this.rows()
      .filter((run) => isActive(run))
      .map((run) => run.id)
      .join(','),
  );
  protected readonly error = computed(() => {
    const error = this.runs.error();
    return error ? toApiError(error).message : null;
  });

  constructor() {
    // While any visible run is queued or running: ask about those runs every second.
    toObservable(this.activeIds)
      .pipe(
        distinctUntilChanged(),
        switchMap((ids) =>
          ids
            ? interval(this.pollMs).pipe(
                // A failed poll is retried on the next tick; the row keeps its last known state.
                exhaustMap(() => forkJoin(ids.split(',').map((id) => this.api.run(id))).pipe(catchError(() => EMPTY))),
                // Stop as soon as none of them is active any more (no extra tick before the ids change).
                takeWhile((runs) => runs.some((run) => isActive(run)), true),
              )
            : EMPTY,
        ),
        takeUntilDestroyed(),
      )
      .subscribe({
        next: (runs) =>
          this.live.update((live) => {
            const next = new Map(live);
            for (const run of runs) next.set(run.id, run);
            return next;
          }),
      });
  }

  applyFilters(changes: Partial<RunFilters>): void {
    const next = { ...this.filters(), ...changes };
    if (sameRunFilters(next, this.filters())) return;
    void this.router.navigate([], { relativeTo: this.route, queryParams: runFiltersToParams(next) });
  }

  protected clearFilters(): void {
    this.applyFilters({ job: null, status: null });
  }

  protected open(run: SyncRunDto): void {
    void this.router.navigate(['/sync/runs', run.id]);
  }

  protected nextPage(): void {
    const nextCursor = this.page()?.nextCursor;
    if (!nextCursor || this.runs.isLoading()) return;
    this.paging.update((p) => nextPaging(p, nextCursor));
  }

  protected previousPage(): void {
    if (this.runs.isLoading()) return;
    this.paging.update(previousPaging);
  }

  protected reload(): void {
    this.runs.reload();
  }
}
