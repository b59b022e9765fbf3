import { DatePipe, NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { SYNC_RECORD_OUTCOMES, type SyncRecordOutcome, type SyncRunDto, type SyncRunRecordDto } from '@ctct/shared-types';
import { EMPTY, catchError, distinctUntilChanged, filter, map, switchMap } from 'rxjs';
import { ApiError, toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { outcomeFromParams } from '../data-access/run-filters';
import { SYNC_POLL_MS, pollRun } from '../data-access/sync-now';
import { SyncApi } from '../data-access/sync.api';
import {
  JOB_LABELS,
  OUTCOME_LABELS,
  TRIGGER_LABELS,
  formatCount,
  isActive,
  orderedCounts,
  jobLabel,
  outcomeLabel,
  runDuration,
  shownOutcomes,
} from '../data-access/sync-display';
import { RunProgress } from '../ui/run-progress';
import { RunStatusChip } from '../ui/run-status-chip';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { RUN_ACTIONS } from './run-actions';
import { KeysetPaging, FIRST_PAGE, nextPaging, previousPaging, pageNumberOf } from '../../shared/data-access/keyset-paging';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

export const RECORDS_PAGE_SIZE = 100;

/**
 * /sync/runs/:id?outcome=: one run — status, counts, notes, progress (polled while it runs), Resume / Retry /
 * Cancel as its status allows (through RUN_ACTIONS) — and its records, filtered by outcome (in the URL), keyset
 * paged, with a CSV of the current outcome and a link to its API calls.
 */
@Component({
  selector: 'app-sync-run-page',
  imports: [
    KeysetPager,
    DatePipe,
    NgComponentOutlet,
    RouterLink,
    MatButtonModule,
    MatTableModule,
    Icon,
    LoadingState,
    EmptyState,
    ErrorState,
    PlainMessageText,
    RunStatusChip,
    RunProgress,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sync-run.page.html',
  styleUrl: './sync-run.page.scss',
})
export class SyncRunPage {
  private readonly api = inject(SyncApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly pollMs = inject(SYNC_POLL_MS);

  /** Resume / Retry / Cancel (RunLifecycleActions, provided in app.config.ts; see RUN_ACTIONS); null: none. */
  protected readonly runActions = inject(RUN_ACTIONS);
  /**
   * Handed to the actions: the run an action answered with is shown, and followed while it is active; one that
   * ended (cancelled) has its records read again.
   */
  protected readonly runChanged = (run: SyncRunDto) => {
    this.run.set(run);
    if (!isActive(run)) this.records.reload();
  };

  /** Route param `:id`. */
  readonly id = input.required<string>();

  protected readonly outcomes = computed(() => {
    const shown = shownOutcomes(this.run()?.counts);
    const chosen = this.outcome();
    return chosen && !shown.includes(chosen) ? SYNC_RECORD_OUTCOMES.filter((o) => shown.includes(o) || o === chosen) : shown;
  });
  protected readonly outcomeLabels = OUTCOME_LABELS;
  protected readonly jobLabels = JOB_LABELS;
  protected readonly triggerLabels = TRIGGER_LABELS;
  protected readonly formatCount = formatCount;
  protected readonly isActive = isActive;
  protected readonly jobLabel = jobLabel;
  protected readonly outcomeLabel = outcomeLabel;
  protected readonly recordColumns = ['outcome', 'label', 'reason', 'crmContact', 'ctctId', 'time'];

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly outcome = computed(() => outcomeFromParams(this.queryParams()));

  protected readonly runResource = rxResource({ params: () => this.id(), stream: ({ params: id }) => this.api.run(id) });
  /** The run as last polled (or loaded). */
  protected readonly run = linkedSignal<SyncRunDto | undefined, SyncRunDto | undefined>({
    source: () => (this.runResource.hasValue() ? this.runResource.value() : undefined),
    computation: (run) => run,
  });
  protected readonly runError = computed<ApiError | null>(() => {
    const error = this.runResource.error();
    return error ? toApiError(error) : null;
  });
  protected readonly counts = computed(() => {
    const run = this.run();
    return run ? orderedCounts(run.counts, run.job) : [];
  });
  protected readonly duration = computed(() => {
    const run = this.run();
    return run ? runDuration(run) : null;
  });

  private readonly paging = linkedSignal<{ id: string; outcome: SyncRecordOutcome | null }, KeysetPaging>({
    source: () => ({ id: this.id(), outcome: this.outcome() }),
    computation: () => FIRST_PAGE,
  });
  protected readonly pageNumber = computed(() => pageNumberOf(this.paging()));
  protected readonly records = rxResource({
    params: () => ({ id: this.id(), outcome: this.outcome(), cursor: this.paging().cursor }),
    stream: ({ params }) => this.api.records(params.id, { outcome: params.outcome, cursor: params.cursor, limit: RECORDS_PAGE_SIZE }),
  });
  protected readonly recordsPage = keepWhileLoading(this.records);
  protected readonly recordsError = computed(() => {
    const error = this.records.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly csvUrl = computed(() => this.api.recordsCsvUrl(this.id(), this.outcome()));
  protected readonly csvName = computed(
    () => `${this.run()?.job ?? 'sync'}-run-${this.id()}${this.outcome() ? `-${this.outcome()}` : ''}.csv`,
  );

  constructor() {
    // While the run is queued or running: ask every second; records are read again when it ends.
    toObservable(this.run)
      .pipe(
        filter((run): run is SyncRunDto => isActive(run)),
        map((run) => run.id),
        distinctUntilChanged(),
        switchMap((id) => pollRun(this.api, id, this.pollMs).pipe(catchError(() => EMPTY))),
        takeUntilDestroyed(),
      )
      .subscribe((run) => {
        this.run.set(run);
        if (!isActive(run)) this.records.reload();
      });
  }

  protected isNotFound(error: ApiError): boolean {
    return error.status === 404 || (error.status === 400 && error.fields.some((f) => f.field === 'id'));
  }

  protected countFor(outcome: SyncRecordOutcome): number | null {
    return this.run()?.counts[outcome] ?? null;
  }

  protected chooseOutcome(outcome: SyncRecordOutcome | null): void {
    if (outcome === this.outcome()) return;
    void this.router.navigate([], { relativeTo: this.route, queryParams: { outcome }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected openRecord(record: SyncRunRecordDto): void {
    if (record.crmContactId) void this.router.navigate(['/contacts', record.crmContactId]);
  }

  protected nextPage(): void {
    const nextCursor = this.recordsPage()?.nextCursor;
    if (!nextCursor || this.records.isLoading()) return;
    this.paging.update((p) => nextPaging(p, nextCursor));
  }

  protected previousPage(): void {
    if (this.records.isLoading()) return;
    this.paging.update(previousPaging);
  }

  protected reloadRun(): void {
    this.runResource.reload();
  }

  protected reloadRecords(): void {
    this.records.reload();
  }
}
