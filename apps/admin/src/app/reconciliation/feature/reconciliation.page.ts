import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { DRIFT_FIELDS, type DriftField, type ReconciliationClass, type ReconciliationContactDto } from '@ctct/shared-types';
import { EMPTY, catchError, filter, switchMap, tap } from 'rxjs';
import { toApiError } from '../../core/http/api-error';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';
import { FIRST_PAGE, KeysetPaging, nextPaging, pageNumberOf, previousPaging } from '../../shared/data-access/keyset-paging';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { formatCount } from '../../sync/data-access/sync-display';
import { DRIFT_FIELD_LABELS, filterFromParams, fixDriftQuestion } from '../data-access/reconciliation-display';
import { ReconciliationApi, ReconciliationFilter } from '../data-access/reconciliation.api';
import { ClassTiles } from '../ui/class-tiles';
import { ListCountsTable } from '../ui/list-counts-table';

export const RECONCILIATION_PAGE_SIZE = 50;

/**
 * /reconciliation?class=&field=: every CRM contact with an email in one class as of the last sync — counts per class,
 * what fixes each, the chosen class's contacts (keyset paged, CSV), per CC list the CRM's members against CC's — and
 * Fix drift, which shows the pushes and their API cost against today's budget before queuing them.
 */
@Component({
  selector: 'app-reconciliation-page',
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatTableModule,
    Icon,
    EmptyState,
    ErrorState,
    LoadingState,
    KeysetPager,
    ClassTiles,
    ListCountsTable,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reconciliation.page.html',
  styleUrl: './reconciliation.page.scss',
})
export class ReconciliationPage {
  private readonly api = inject(ReconciliationApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);

  protected readonly driftFields = DRIFT_FIELDS;
  protected readonly fieldLabels = DRIFT_FIELD_LABELS;
  protected readonly formatCount = formatCount;
  protected readonly columns = ['contact', 'crm', 'ctct', 'reason'];

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  protected readonly filter = computed(() => filterFromParams(this.queryParams()), {
    equal: (a, b) => a.class === b.class && a.field === b.field,
  });

  protected readonly summary = rxResource({ stream: () => this.api.summary() });
  protected readonly summaryValue = keepWhileLoading(this.summary);
  protected readonly summaryError = computed(() => {
    const error = this.summary.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly selected = computed(() => this.summaryValue()?.classes.find((item) => item.class === this.filter().class));
  protected readonly driftCount = computed(() => this.summaryValue()?.classes.find((item) => item.class === 'drift')?.count ?? 0);

  private readonly paging = linkedSignal<ReconciliationFilter, KeysetPaging>({ source: this.filter, computation: () => FIRST_PAGE });
  protected readonly pageNumber = computed(() => pageNumberOf(this.paging()));
  protected readonly contacts = rxResource({
    params: () => ({ filter: this.filter(), cursor: this.paging().cursor }),
    stream: ({ params }) => this.api.contacts(params.filter, params.cursor, RECONCILIATION_PAGE_SIZE),
  });
  protected readonly contactsPage = keepWhileLoading(this.contacts);
  protected readonly contactsError = computed(() => {
    const error = this.contacts.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly csvUrl = computed(() => this.api.contactsCsvUrl(this.filter()));
  protected readonly csvName = computed(
    () => `reconciliation-${this.filter().class}${this.filter().field ? `-${this.filter().field}` : ''}.csv`,
  );

  /** Fix drift: asking for the preview, then queuing. */
  protected readonly fixing = signal(false);
  protected readonly fixMessage = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);

  protected chooseClass(klass: ReconciliationClass): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { class: klass, field: null }, replaceUrl: true });
  }

  protected chooseField(field: DriftField | null): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { class: 'drift', field }, replaceUrl: true });
  }

  protected fieldCount(field: DriftField): number {
    return this.selected()?.fields?.[field] ?? 0;
  }

  protected nextPage(): void {
    const next = this.contactsPage()?.nextCursor;
    if (!next || this.contacts.isLoading()) return;
    this.paging.update((paging) => nextPaging(paging, next));
  }

  protected previousPage(): void {
    if (!this.contacts.isLoading()) this.paging.update(previousPaging);
  }

  protected refresh(): void {
    this.summary.reload();
    this.contacts.reload();
  }

  protected openContact(contact: ReconciliationContactDto): void {
    void this.router.navigate(['/contacts', contact.contactId]);
  }

  protected fixDrift(): void {
    if (this.fixing()) return;
    this.fixing.set(true);
    this.fixMessage.set(null);
    this.api
      .fixDriftPreview()
      .pipe(
        switchMap((preview) => {
          if (preview.optOuts + preview.fieldUpdates === 0) {
            const waiting = preview.alreadyQueued ? ` ${preview.alreadyQueued} already have a push waiting.` : '';
            const fields = preview.fieldPushesAvailable ? '' : ' Email and name drift cannot be pushed yet.';
            this.fixMessage.set({ kind: 'ok', text: `Nothing to queue.${waiting}${fields}` });
            return EMPTY;
          }
          return confirm(this.dialog, {
            title: 'Fix drift',
            message: fixDriftQuestion(preview, this.driftCount()),
            confirmLabel: 'Queue pushes',
          });
        }),
        filter((confirmed) => confirmed),
        switchMap(() => this.api.fixDrift()),
        tap((result) => {
          this.fixMessage.set({ kind: 'ok', text: result.message });
          this.refresh();
        }),
        catchError((error) => {
          this.fixMessage.set({ kind: 'error', text: toApiError(error).message });
          return EMPTY;
        }),
      )
      .subscribe({ complete: () => this.fixing.set(false) });
  }
}
