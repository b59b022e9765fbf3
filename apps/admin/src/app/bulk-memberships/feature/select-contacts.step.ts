import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, model, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxChange, MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { CONTACT_TYPES, type ContactDto, type ContactType } from '@ctct/shared-types';
import { debounceTime, map, merge } from 'rxjs';
import { contactDisplayName } from '../../contacts/data-access/contact-display';
import { ContactsApi } from '../../contacts/data-access/contacts.api';
import { ContactTypeChip } from '../../contacts/ui/contact-type-chip';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import {
  NO_FILTERS,
  SelectFilters,
  SelectionState,
  sameFilters,
  toBulkFilter,
  toContactQuery,
  withIds,
} from '../data-access/bulk-selection';
import { KeysetPaging, FIRST_PAGE, nextPaging, previousPaging, pageNumberOf } from '../../shared/data-access/keyset-paging';
import { KeysetPager } from '../../shared/ui/keyset-pager';
import { keepWhileLoading } from '../../shared/data-access/keep-while-loading';

export const SEARCH_DEBOUNCE_MS = 300;

type FiltersForm = FormGroup<{
  q: FormControl<string>;
  type: FormControl<ContactType | null>;
  doNotEmail: FormControl<boolean | null>;
  linked: FormControl<boolean | null>;
}>;

/**
 * Step 1: search and filter the CRM contacts (the same filters the API's bulk selection takes), tick rows —
 * ticks are kept across pages and searches — or select "all that match", which follows the filters while on.
 */
@Component({
  selector: 'app-select-contacts-step',
  imports: [
    KeysetPager,
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    MatTooltipModule,
    ContactTypeChip,
    Icon,
    LoadingState,
    EmptyState,
    ErrorState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './select-contacts.step.html',
  styleUrl: './select-contacts.step.scss',
})
export class SelectContactsStep {
  private readonly contactsApi = inject(ContactsApi);

  readonly selection = model.required<SelectionState>();

  protected readonly types = CONTACT_TYPES;
  protected readonly columns = ['select', 'name', 'email', 'type', 'flags'];
  protected readonly displayName = contactDisplayName;

  protected readonly form: FiltersForm = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    type: new FormControl<ContactType | null>(null),
    doNotEmail: new FormControl<boolean | null>(null),
    linked: new FormControl<boolean | null>(null),
  });
  /** The filters applied (the search box's text after the debounce, or at once on Enter). */
  protected readonly filters = signal<SelectFilters>(NO_FILTERS, { equal: sameFilters });
  protected readonly filtersActive = computed(() => !sameFilters(this.filters(), NO_FILTERS));

  private readonly paging = linkedSignal<SelectFilters, KeysetPaging>({
    source: this.filters,
    computation: () => FIRST_PAGE,
  });
  protected readonly pageNumber = computed(() => pageNumberOf(this.paging()));

  protected readonly contacts = rxResource({
    params: () => toContactQuery(this.filters(), this.paging().cursor),
    stream: ({ params }) => this.contactsApi.search(params),
  });
  /** The last page received, kept on screen (dimmed) while the next one loads. */
  protected readonly page = keepWhileLoading(this.contacts);
  protected readonly error = computed(() => {
    const error = this.contacts.error();
    return error ? toApiError(error).message : null;
  });

  protected readonly allMatching = computed(() => this.selection().kind === 'filter');
  private readonly pageIds = computed(() => this.page()?.items.map((contact) => contact.id) ?? []);
  protected readonly pageSelected = computed(() => {
    const ids = this.pageIds();
    const selection = this.selection();
    if (selection.kind === 'filter') return ids.length > 0 ? 'all' : 'none';
    const ticked = ids.filter((id) => selection.ids.has(id)).length;
    return ticked === 0 ? 'none' : ticked === ids.length ? 'all' : 'some';
  });

  constructor() {
    const controls = this.form.controls;
    merge(
      controls.q.valueChanges.pipe(debounceTime(SEARCH_DEBOUNCE_MS)),
      controls.type.valueChanges,
      controls.doNotEmail.valueChanges,
      controls.linked.valueChanges,
    )
      .pipe(
        map(() => this.form.getRawValue()),
        takeUntilDestroyed(),
      )
      .subscribe((value) => this.apply(value));
  }

  /** Enter in the search box searches now instead of waiting for the debounce. */
  protected searchNow(): void {
    this.apply(this.form.getRawValue());
  }

  protected clearSearch(): void {
    this.form.controls.q.setValue('', { emitEvent: false });
    this.searchNow();
  }

  protected clearFilters(): void {
    this.form.setValue({ ...NO_FILTERS }, { emitEvent: false });
    this.apply(NO_FILTERS);
  }

  /** Back to no filters on page 1, read afresh (a run changes who is linked). */
  reset(): void {
    this.form.setValue({ ...NO_FILTERS }, { emitEvent: false });
    const atStart = sameFilters(this.filters(), NO_FILTERS) && this.paging().cursor === null;
    this.filters.set(NO_FILTERS);
    this.paging.set(FIRST_PAGE);
    if (atStart) this.contacts.reload();
  }

  private apply(value: SelectFilters): void {
    const next: SelectFilters = { ...value, q: value.q.trim() };
    this.filters.set(next);
    // "All that match" means the filter shown: it follows it.
    if (this.selection().kind === 'filter') this.selection.set({ kind: 'filter', filter: toBulkFilter(next) });
  }

  protected isSelected(contact: ContactDto): boolean {
    const selection = this.selection();
    return selection.kind === 'filter' || selection.ids.has(contact.id);
  }

  protected toggle(contact: ContactDto, on: boolean): void {
    if (this.allMatching()) return;
    this.selection.set(withIds(this.selection(), [contact.id], on));
  }

  /** A click anywhere on the row ticks it, except on the checkbox itself (it handles its own click). */
  protected rowClicked(contact: ContactDto, event: Event): void {
    if ((event.target as Element | null)?.closest('mat-checkbox')) return;
    this.toggle(contact, !this.isSelected(contact));
  }

  protected togglePage(event: MatCheckboxChange): void {
    this.selection.set(withIds(this.selection(), this.pageIds(), event.checked));
  }

  protected toggleAllMatching(event: MatCheckboxChange): void {
    this.selection.set(event.checked ? { kind: 'filter', filter: toBulkFilter(this.filters()) } : { kind: 'ids', ids: new Set() });
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
  }
}
