import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { SYNC_RECORD_OUTCOMES, type RunAction, type SyncRecordOutcome, type SyncRunDto, type SyncRunRecordDto } from '@ctct/shared-types';
import { EMPTY, Observable, catchError, distinctUntilChanged, filter, map, of, switchMap } from 'rxjs';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
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
import { KeysetPaging, FIRST_PAGE, nextPaging, previousPaging, pageNumberOf } from '../../shared/data-access/keyset-paging';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

export const RECORDS_PAGE_SIZE = 100;


/**
 * /sync/runs/:id?outcome=: one run — status, counts, notes, progress (polled while it runs), Resume / Retry /
 * Cancel as its status allows — and its records, filtered by outcome (in the URL), keyset paged, with a CSV of the
 * current outcome and a link to its API calls.
 */
@Component({
  selector: 'app-sync-run-page',
  imports: [KeysetPager, DatePipe, RouterLink, MatButtonModule, MatTableModule, Icon, LoadingState, EmptyState, ErrorState, RunStatusChip, RunProgress],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sync-run.page.html',
  styleUrl: './sync-run.page.scss',
})
export class SyncRunPage {
  private readonly api = inject(SyncApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly pollMs = inject(SYNC_POLL_MS);
  private readonly dialog = inject(MatDialog);

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
    return run ? orderedCounts(run.counts) : [];
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
  /** The action in flight (its button shows it), and what the API said when one was refused. */
  protected readonly acting = signal<RunAction | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly actions = computed(() => this.run()?.actions ?? []);

  protected readonly csvUrl = computed(() => this.api.recordsCsvUrl(this.id(), this.outcome()));
  protected readonly csvName = computed(() => `${this.run()?.job ?? 'sync'}-run-${this.id()}${this.outcome() ? `-${this.outcome()}` : ''}.csv`);

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

  /** Resume (paused), Retry (failed) or Cancel (asked to confirm first: it cannot be undone). */
  protected act(action: RunAction): void {
    const run = this.run();
    if (!run || this.acting()) return;
    const kept = 'What it did so far stays done and its records are kept; a cancelled run cannot be resumed.';
    const confirmed: Observable<boolean> =
      action === 'cancel'
        ? confirm(this.dialog, {
            title: 'Cancel this run?',
            message: run.status === 'running' ? `It stops after the call in progress. ${kept}` : `It will not run again. ${kept}`,
            confirmLabel: 'Cancel run',
            destructive: true,
          })
        : of(true);
    confirmed.pipe(filter(Boolean)).subscribe(() => {
      this.acting.set(action);
      this.actionError.set(null);
      const call = action === 'resume' ? this.api.resume(run.id) : action === 'retry' ? this.api.retry(run.id) : this.api.cancel(run.id);
      call.subscribe({
        next: (updated) => {
          this.acting.set(null);
          this.run.set(updated);
          if (!isActive(updated)) this.records.reload();
        },
        error: (error: unknown) => {
          this.acting.set(null);
          this.actionError.set(toApiError(error).message);
        },
      });
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
