import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, linkedSignal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { CONTACT_TYPES, ContactDto, ContactSort } from '@ctct/shared-types';
import { debounceTime, map } from 'rxjs';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { contactDisplayName } from '../data-access/contact-display';
import {
  ContactFilters,
  EMPTY_FILTERS,
  filtersFromParams,
  filtersToParams,
  hasActiveFilters,
  sameFilters,
  toCountQuery,
  toSearchQuery,
  CONTACTS_PAGE_SIZE,
} from '../data-access/contact-filters';
import { rangeText } from '../../shared/data-access/range-text';
import { ContactsApi } from '../data-access/contacts.api';
import { ContactTypeChip } from '../ui/contact-type-chip';
import { KeysetPaging, FIRST_PAGE, nextPaging, previousPaging, pageNumberOf } from '../../shared/data-access/keyset-paging';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

export const SEARCH_DEBOUNCE_MS = 300;

/** Sort header id + direction ⇄ the API's sort value. */
const SORT_BY_HEADER: Record<string, { asc: ContactSort; desc: ContactSort }> = {
  name: { asc: 'name', desc: '-name' },
  updated: { asc: 'updatedAt', desc: '-updatedAt' },
};

/**
 * /contacts: search, filters and sort live in the URL query string (back/forward and reload keep them);
 * the cursor stack for Next/Previous lives here and restarts at page 1 when a filter changes.
 */
@Component({
  selector: 'app-contacts-list-page',
  imports: [
    KeysetPager,
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
    Icon,
    ContactTypeChip,
    LoadingState,
    EmptyState,
    ErrorState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './contacts-list.page.html',
  styleUrl: './contacts-list.page.scss',
})
export class ContactsListPage {
  private readonly api = inject(ContactsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly types = CONTACT_TYPES;
  protected readonly columns = ['name', 'email', 'type', 'doNotEmail', 'linked', 'updated'];
  protected readonly displayName = contactDisplayName;

  private readonly queryParams = toSignal(this.route.queryParamMap, { requireSync: true });
  readonly filters = computed(() => filtersFromParams(this.queryParams()), { equal: sameFilters });
  protected readonly filtersActive = computed(() => hasActiveFilters(this.filters()));

  private readonly paging = linkedSignal<ContactFilters, KeysetPaging>({
    source: this.filters,
    computation: () => FIRST_PAGE,
  });
  protected readonly pageNumber = computed(() => pageNumberOf(this.paging()));

  protected readonly contacts = rxResource({
    params: () => toSearchQuery(this.filters(), this.paging().cursor),
    stream: ({ params }) => this.api.search(params),
  });

  /** The last page received, kept on screen (dimmed) while the next one loads. */
  protected readonly page = keepWhileLoading(this.contacts);
  protected readonly error = computed(() => {
    const error = this.contacts.error();
    return error ? toApiError(error).message : null;
  });

  /** How many match the filters: asked once per filter change, not per page (the API caps the count). */
  protected readonly total = rxResource({ params: () => toCountQuery(this.filters()), stream: ({ params }) => this.api.count(params) });
  /** "1–50 of 2,000"; without the total (still loading, or it failed) just the range. */
  protected readonly range = computed(() => {
    const page = this.page();
    const total = this.total.hasValue() ? this.total.value() : null;
    return page ? rangeText(this.pageNumber(), CONTACTS_PAGE_SIZE, page.items.length, total) : '';
  });

  protected readonly search = new FormControl('', { nonNullable: true });

  protected readonly sortActive = computed(() => {
    const sort = this.filters().sort;
    return sort ? (sort.replace('-', '') === 'name' ? 'name' : 'updated') : '';
  });
  protected readonly sortDirection = computed(() => {
    const sort = this.filters().sort;
    return sort ? (sort.startsWith('-') ? 'desc' : 'asc') : '';
  });

  constructor() {
    // URL → search box (reload, back/forward), without re-triggering the search.
    effect(() => {
      const q = this.filters().q;
      if (this.search.value.trim() !== q) this.search.setValue(q, { emitEvent: false });
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

  /** Enter in the search box searches now instead of waiting for the debounce. */
  protected searchNow(): void {
    this.applyFilters({ q: this.search.value.trim() });
  }

  protected clearSearch(): void {
    this.search.setValue('', { emitEvent: false });
    this.applyFilters({ q: '' });
  }

  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.applyFilters({ ...EMPTY_FILTERS, sort: this.filters().sort });
  }

  applyFilters(changes: Partial<ContactFilters>, options: { replaceUrl?: boolean } = {}): void {
    const next = { ...this.filters(), ...changes };
    if (sameFilters(next, this.filters())) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams(next),
      replaceUrl: options.replaceUrl,
    });
  }

  protected sortChanged(sort: Sort): void {
    const mapping = SORT_BY_HEADER[sort.active];
    this.applyFilters({ sort: mapping && sort.direction ? mapping[sort.direction] : null });
  }

  protected nextPage(): void {
    const nextCursor = this.page()?.nextCursor;
    if (!nextCursor || this.contacts.isLoading()) return;
    this.paging.update((p) => nextPaging(p, nextCursor));
  }

  protected previousPage(): void {
    if (this.contacts.isLoading()) return;
    this.paging.update(previousPaging);
  }

  protected retry(): void {
    this.contacts.reload();
    if (this.total.error()) this.total.reload();
  }

  protected open(contact: ContactDto): void {
    void this.router.navigate(['/contacts', contact.id]);
  }
}
