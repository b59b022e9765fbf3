import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { SyncRecordOutcome, SyncRunDto, SyncRunRecordDto } from '@ctct/shared-types';
import { Subscription } from 'rxjs';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { RESULT_DESCRIPTIONS, RESULT_LABELS, RESULT_OUTCOMES, formatCount } from '../data-access/bulk-display';
import { BulkMembershipsApi } from '../data-access/bulk-memberships.api';

interface OutcomeRecords {
  items: SyncRunRecordDto[];
  nextCursor: string | null;
  loading: boolean;
  error: string | null;
}

const NOT_LOADED: OutcomeRecords = { items: [], nextCursor: null, loading: false, error: null };

/**
 * Step 5: the finished run's records, one tab per outcome (read when the tab is first shown, then "Load more"
 * along the API's keyset cursor), a CSV per outcome, the run's API calls, and "Start another".
 */
@Component({
  selector: 'app-run-results',
  imports: [RouterLink, MatButtonModule, MatTableModule, MatTabsModule, Icon, LoadingState, EmptyState, ErrorState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './run-results.html',
  styleUrl: './run-results.scss',
})
export class RunResults {
  private readonly api = inject(BulkMembershipsApi);

  readonly run = input.required<SyncRunDto>();
  readonly startAnother = output<void>();

  protected readonly outcomes = RESULT_OUTCOMES;
  protected readonly labels = RESULT_LABELS;
  protected readonly descriptions = RESULT_DESCRIPTIONS;
  protected readonly formatCount = formatCount;
  protected readonly columns = ['label', 'reason', 'crmContact', 'ctctId'];

  /** Opens on the first outcome with records (created, linked, updated, …). */
  protected readonly selectedIndex = linkedSignal(() => {
    const counts = this.run().counts;
    return Math.max(
      0,
      RESULT_OUTCOMES.findIndex((outcome) => (counts[outcome] ?? 0) > 0),
    );
  });
  protected readonly outcome = computed(() => RESULT_OUTCOMES[this.selectedIndex()]);

  private readonly records = signal<Partial<Record<SyncRecordOutcome, OutcomeRecords>>>({});
  protected readonly current = computed(() => this.records()[this.outcome()] ?? NOT_LOADED);
  private readonly loads = new Map<SyncRecordOutcome, Subscription>();

  constructor() {
    // A tab's first page is read when the tab is first shown.
    effect(() => {
      const outcome = this.outcome();
      untracked(() => {
        if (!this.records()[outcome]) this.load(outcome, null);
      });
    });
    inject(DestroyRef).onDestroy(() => this.loads.forEach((load) => load.unsubscribe()));
  }

  protected count(outcome: SyncRecordOutcome): number {
    return this.run().counts[outcome] ?? 0;
  }

  protected csvUrl(outcome: SyncRecordOutcome): string {
    return this.api.recordsCsvUrl(this.run().id, outcome);
  }

  protected csvName(outcome: SyncRecordOutcome): string {
    return `bulk-memberships-run-${this.run().id}-${outcome}.csv`;
  }

  protected loadMore(): void {
    const { nextCursor, loading } = this.current();
    if (nextCursor && !loading) this.load(this.outcome(), nextCursor);
  }

  protected retry(): void {
    this.load(this.outcome(), this.current().items.length ? this.current().nextCursor : null);
  }

  private load(outcome: SyncRecordOutcome, cursor: string | null): void {
    this.loads.get(outcome)?.unsubscribe();
    this.patch(outcome, { loading: true, error: null });
    const load = this.api.records(this.run().id, outcome, cursor).subscribe({
      next: (page) => {
        const before = cursor ? (this.records()[outcome]?.items ?? []) : [];
        this.patch(outcome, { items: [...before, ...page.items], nextCursor: page.nextCursor, loading: false });
      },
      error: (error: unknown) => this.patch(outcome, { loading: false, error: toApiError(error).message }),
    });
    this.loads.set(outcome, load);
  }

  private patch(outcome: SyncRecordOutcome, changes: Partial<OutcomeRecords>): void {
    this.records.update((all) => ({ ...all, [outcome]: { ...(all[outcome] ?? NOT_LOADED), ...changes } }));
  }
}
