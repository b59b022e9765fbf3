import { BreakpointObserver } from '@angular/cdk/layout';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, linkedSignal, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import { EXTERNAL_SYSTEMS, type ApiCallLogDto, type StatusClass } from '@ctct/shared-types';
import { debounceTime, map } from 'rxjs';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import {
  ApiLogFilters,
  EMPTY_FILTERS,
  HTTP_METHODS,
  SYSTEM_LABELS,
  filterErrorsText,
  filtersFromParams,
  filtersToParams,
  hasActiveFilters,
  isoToLocalInput,
  localInputToIso,
  sameFilters,
  timeRangeError,
  toFilterQuery,
  toPageQuery,
} from '../data-access/api-log-filters';
import { ApiLogApi } from '../data-access/api-log.api';
import { pathWithQuery } from '../data-access/log-display';
import { LogDetail } from '../ui/log-detail';
import { StatusChip } from '../ui/status-chip';
import { KeysetPaging, FIRST_PAGE, nextPaging, previousPaging, pageNumberOf } from '../../shared/data-access/keyset-paging';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

export const SEARCH_DEBOUNCE_MS = 300;

/**
 * /api-log: one row per call to an external system, newest first. Filters live in the URL (so the sync pages
 * can link `?jobRunId=`); the cursor stack lives here and restarts when a filter changes. A row opens the
 * detail drawer with the redacted bodies, and the drawer has its own URL (`?entry=<id>`): links to one call work,
 * and Back closes it.
 */
@Component({
  selector: 'app-api-log-page',
  imports: [
    KeysetPager,
    DatePipe,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSidenavModule,
    MatTableModule,
    Icon,
    LoadingState,
    EmptyState,
    ErrorState,
    LogDetail,
    StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './api-log.page.html',
  styleUrl: './api-log.page.scss',
})
export class ApiLogPage {
  private readonly api = inject(ApiLogApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly systems = EXTERNAL_SYSTEMS.map((value) => ({ value, label: SYSTEM_LABELS[value] }));
  protected readonly methods = HTTP_METHODS;
  protected readonly statusOptions: readonly { value: StatusClass; label: string }[] = [
    { value: '2xx', label: '2xx' },
    { value: '3xx', label: '3xx' },
    { value: '4xx', label: '4xx' },
    { value: '5xx', label: '5xx' },
    { value: 'error', label: 'Network error' },
  ];
  // Status right after the time: on a narrow screen it must not be the column that falls off.
  protected readonly columns = ['time', 'status', 'operation', 'method', 'path', 'duration', 'attempt', 'error'];
  protected readonly pathWithQuery = pathWithQuery;

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  readonly filters = computed(() => filtersFromParams(this.queryParams()), { equal: sameFilters });
  protected readonly filtersActive = computed(() => hasActiveFilters(this.filters()));

  private readonly paging = linkedSignal<ApiLogFilters, KeysetPaging>({
    source: this.filters,
    computation: () => FIRST_PAGE,
  });
  protected readonly pageNumber = computed(() => pageNumberOf(this.paging()));

  protected readonly log = rxResource({
    params: () => toPageQuery(this.filters(), this.paging().cursor),
    stream: ({ params }) => this.api.list(params),
  });
  /** The last page received, kept on screen (dimmed) while the next one loads. */
  protected readonly page = keepWhileLoading(this.log);
  protected readonly error = computed(() => {
    const error = this.log.error();
    if (!error) return null;
    const apiError = toApiError(error);
    return apiError.fields.length ? filterErrorsText(apiError.fields) : apiError.message;
  });
  protected readonly csvUrl = computed(() => this.api.exportUrl(toFilterQuery(this.filters())));

  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly jobRunId = new FormControl('', { nonNullable: true });
  protected readonly from = new FormControl('', { nonNullable: true });
  protected readonly to = new FormControl('', { nonNullable: true });

  /** Why the typed time range is not applied ("To" before "From"); null when it is fine. */
  protected readonly rangeError = signal<string | null>(null);

  /** The entry in the URL (`?entry=`): the drawer shows it. */
  private readonly entryId = computed(() => this.queryParams().get('entry'));
  /** The row whose detail the drawer shows; kept while the drawer slides closed. */
  protected readonly selectedId = linkedSignal<string | null, string | null>({
    source: this.entryId,
    computation: (entry, previous) => entry ?? previous?.value ?? null,
  });
  protected readonly detailOpen = computed(() => this.entryId() !== null);
  protected readonly detail = rxResource({
    params: () => this.selectedId() ?? undefined,
    stream: ({ params: id }) => this.api.get(id),
  });
  protected readonly detailEntry = computed(() => (this.detail.hasValue() ? this.detail.value() : undefined));
  protected readonly detailError = computed(() => {
    const error = this.detail.error();
    return error ? toApiError(error).message : null;
  });
  /** The drawer is fixed to the viewport, below the shell's toolbar (56 px on phones, 64 px otherwise). */
  protected readonly drawerTopGap = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 599.98px)')
      .pipe(map((state) => (state.matches ? 56 : 64))),
    { initialValue: 64 },
  );

  constructor() {
    // URL → inputs (reload, back/forward, links from the sync pages), without re-triggering anything.
    effect(() => {
      const { q, jobRunId, from, to } = this.filters();
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
      if (this.jobRunId.value.trim() !== (jobRunId ?? '')) this.jobRunId.setValue(jobRunId ?? '', { emitEvent: false });
      if (localInputToIso(this.from.value) !== from) this.from.setValue(isoToLocalInput(from), { emitEvent: false });
      if (localInputToIso(this.to.value) !== to) this.to.setValue(isoToLocalInput(to), { emitEvent: false });
    });
    // Search box → URL, debounced; replaceUrl so each keystroke does not become a history entry.
    this.search.valueChanges
      .pipe(
        debounceTime(SEARCH_DEBOUNCE_MS),
        map((q) => q.trim()),
        takeUntilDestroyed(),
      )
      .subscribe((q) => this.applyFilters({ q }, { replaceUrl: true }));
  }

  applyFilters(changes: Partial<ApiLogFilters>, options: { replaceUrl?: boolean } = {}): void {
    const next = { ...this.filters(), ...changes };
    if (sameFilters(next, this.filters())) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams(next),
      replaceUrl: options.replaceUrl,
    });
  }

  /** Enter in the search box searches now instead of waiting for the debounce. */
  protected searchNow(): void {
    this.applyFilters({ q: this.search.value.trim() });
  }

  /** Job run id and times apply when committed (change: Enter, blur, picker), not on every keystroke. */
  protected applyJobRunId(): void {
    this.applyFilters({ jobRunId: this.jobRunId.value.trim() || null });
  }

  protected applyTimeRange(): void {
    const from = localInputToIso(this.from.value);
    const to = localInputToIso(this.to.value);
    const error = timeRangeError(from, to);
    this.rangeError.set(error);
    if (error) return; // said under "To"; the list keeps the last valid range
    this.applyFilters({ from, to });
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.rangeError.set(null);
    this.applyFilters({ ...EMPTY_FILTERS, system: this.filters().system });
  }

  protected nextPage(): void {
    const nextCursor = this.page()?.nextCursor;
    if (!nextCursor || this.log.isLoading()) return;
    this.paging.update((p) => nextPaging(p, nextCursor));
  }

  protected previousPage(): void {
    if (this.log.isLoading()) return;
    this.paging.update(previousPaging);
  }

  protected retry(): void {
    this.log.reload();
  }

  /** Opening a call is a navigation (`?entry=`), so the call has a URL and Back closes the drawer. */
  protected open(entry: ApiCallLogDto): void {
    if (this.entryId() === entry.id) return;
    void this.router.navigate([], { relativeTo: this.route, queryParams: { entry: entry.id }, queryParamsHandling: 'merge' });
  }

  protected closeDetail(): void {
    if (this.entryId() === null) return;
    void this.router.navigate([], { relativeTo: this.route, queryParams: { entry: null }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected retryDetail(): void {
    this.detail.reload();
  }
}
