import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { StepperSelectionEvent } from '@angular/cdk/stepper';
import { MatButtonModule } from '@angular/material/button';
import { MatStepper, MatStepperModule } from '@angular/material/stepper';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { BulkMembershipRequest, SyncRunDto } from '@ctct/shared-types';
import { Subscription, map, merge, startWith, tap } from 'rxjs';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { ApiError, toApiError } from '../../core/http/api-error';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { Icon } from '../../shared/icon/icon';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { isActive, runningRunId } from '../data-access/bulk-display';
import { BulkMembershipsApi } from '../data-access/bulk-memberships.api';
import { BULK_POLL_MS, pollRun } from '../data-access/bulk-run-poll';
import {
  EMPTY_SELECTION,
  MAX_SELECTION,
  SelectionState,
  hasSelection,
  overLimit,
  selectedCountText,
  selectionKey,
  toBulkSelection,
} from '../data-access/bulk-selection';
import { createListTargetForm, listsByName, toBulkTarget } from '../data-access/list-target';
import { ListPicker } from '../ui/list-picker';
import { PreviewSummary } from '../ui/preview-summary';
import { RunProgressPanel } from '../ui/run-progress-panel';
import { RunResults } from './run-results';
import { SelectContactsStep } from './select-contacts.step';

export const STEP = { select: 0, list: 1, preview: 2, run: 3, results: 4 } as const;

/** Why the run did not start: the API's message, and the run already in progress when it names one (409). */
interface StartError {
  message: string;
  runningRunId: string | null;
}

/**
 * /bulk-memberships: the "Create Constant Contact memberships" wizard — select contacts, pick a CC list, preview
 * the outcomes and the API cost, run (polled every second) and read the results. The page owns the state that
 * crosses steps; "Start another" resets it and the stepper.
 */
@Component({
  selector: 'app-bulk-memberships-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatStepperModule,
    Icon,
    LoadingState,
    ErrorState,
    SelectContactsStep,
    ListPicker,
    PreviewSummary,
    RunProgressPanel,
    RunResults,
    PlainMessageText,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './bulk-memberships.page.html',
  styleUrl: './bulk-memberships.page.scss',
})
export class BulkMembershipsPage {
  private readonly api = inject(BulkMembershipsApi);
  private readonly pollMs = inject(BULK_POLL_MS);
  private readonly injector = inject(Injector);

  private readonly stepper = viewChild(MatStepper);
  private readonly selectStep = viewChild(SelectContactsStep);
  protected readonly maxSelection = MAX_SELECTION;

  // Step 1
  readonly selection = signal<SelectionState>(EMPTY_SELECTION);
  protected readonly selectionDone = computed(() => hasSelection(this.selection()) && !overLimit(this.selection()));
  protected readonly overLimit = computed(() => overLimit(this.selection()));
  /** The filter's count, known once a preview of that same filter came back. */
  private readonly previewedTotal = signal<{ key: string; total: number } | null>(null);
  protected readonly matchingTotal = computed(() => {
    const selection = this.selection();
    const known = this.previewedTotal();
    if (selection.kind !== 'filter' || !known) return null;
    return known.key === selectionKey(toBulkSelection(selection)) ? known.total : null;
  });
  protected readonly selectedCount = computed(() => selectedCountText(this.selection(), this.matchingTotal()));

  /** Why the run cannot start now (Constant Contact missing): Run is disabled and this is said beside it. */
  protected readonly runBlocked = inject(ConnectionStatusService).blockedReason;

  // Step 2
  protected readonly lists = rxResource({ stream: () => this.api.lists() });
  /** The synced lists by name: a new list's name is checked against them as it is typed. */
  private readonly knownLists = computed(() => (this.lists.hasValue() ? listsByName(this.lists.value()) : null));
  readonly listForm = createListTargetForm(() => this.knownLists());
  private readonly target = toSignal(
    merge(this.listForm.valueChanges, this.listForm.statusChanges).pipe(
      startWith(null),
      map(() => toBulkTarget(this.listForm)),
    ),
    { initialValue: null },
  );
  protected readonly listDone = computed(() => this.target() !== null);
  protected readonly listsError = computed(() => {
    const error = this.lists.error();
    return error ? toApiError(error).message : null;
  });

  // Step 3
  /** Set on entering the preview step: what was previewed is what runs. */
  private readonly previewRequest = signal<BulkMembershipRequest | undefined>(undefined);
  protected readonly preview = rxResource({
    params: () => this.previewRequest(),
    stream: ({ params }) =>
      this.api.preview(params).pipe(
        tap({
          next: (preview) => this.previewedTotal.set({ key: selectionKey(params.selection), total: preview.total }),
          error: (error: unknown) => this.showTargetErrors(toApiError(error)),
        }),
      ),
  });
  protected readonly previewError = computed<ApiError | null>(() => {
    const error = this.preview.error();
    return error ? toApiError(error) : null;
  });
  protected readonly previewDone = computed(() => this.preview.hasValue() && this.preview.value().total > 0);
  /** A refused request (400) fails the same way again: no Retry then, only going back to change it. */
  protected readonly previewRetryable = computed(() => (this.previewError()?.status ?? 0) !== 400);

  // Steps 4 and 5
  protected readonly starting = signal(false);
  protected readonly startError = signal<StartError | null>(null);
  protected readonly run = signal<SyncRunDto | null>(null);
  protected readonly pollError = signal<string | null>(null);
  protected readonly runDone = computed(() => {
    const run = this.run();
    return run !== null && !isActive(run);
  });
  /** Once a run started, what it was started with cannot be changed any more. */
  protected readonly editable = computed(() => this.run() === null && !this.starting());
  private poll: Subscription | null = null;

  /** `/bulk-memberships?list=<id>` (from a list's page) starts with that list picked. */
  private readonly requestedListId = inject(ActivatedRoute).snapshot.queryParamMap.get('list');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.poll?.unsubscribe());
    effect(() => {
      const known = this.knownLists();
      untracked(() => {
        // The lists arrived: a name typed before is checked again.
        const name = this.listForm.controls.newListName;
        if (name.enabled) name.updateValueAndValidity();
        const choice = this.listForm.controls.choice;
        if (known && this.requestedListId && choice.value === null && [...known.values()].some((l) => l.listId === this.requestedListId)) {
          choice.setValue(this.requestedListId);
        }
      });
    });
  }

  protected stepChanged(event: StepperSelectionEvent): void {
    if (event.selectedIndex === STEP.preview && this.run() === null) this.requestPreview();
  }

  protected requestPreview(): void {
    const target = toBulkTarget(this.listForm);
    if (!target || !this.selectionDone()) return;
    this.previewRequest.set({ selection: toBulkSelection(this.selection()), target });
  }

  protected clearSelection(): void {
    this.selection.set(EMPTY_SELECTION);
  }

  protected startRun(): void {
    const request = this.previewRequest();
    if (!request || !this.previewDone() || this.starting() || this.run() || this.runBlocked()) return;
    this.starting.set(true);
    this.startError.set(null);
    this.stepper()?.next();
    this.api.startRun(request).subscribe({
      next: (run) => {
        this.starting.set(false);
        this.follow(run);
      },
      error: (error: unknown) => {
        const apiError = toApiError(error);
        this.starting.set(false);
        // The running run's id is in the API's own wording; the page shows the sentence and links the run.
        this.startError.set({ message: apiError.message, runningRunId: apiError.status === 409 ? runningRunId(apiError.message) : null });
      },
    });
  }

  protected startAnother(): void {
    this.poll?.unsubscribe();
    this.poll = null;
    this.selection.set(EMPTY_SELECTION);
    this.listForm.reset();
    this.previewRequest.set(undefined);
    this.previewedTotal.set(null);
    this.run.set(null);
    this.startError.set(null);
    this.pollError.set(null);
    this.lists.reload(); // the run may have created a list
    this.selectStep()?.reset();
    this.stepper()?.reset();
  }

  /** Shows the run and polls it every second until it ends; a successful run moves on to its results. */
  private follow(run: SyncRunDto): void {
    this.run.set(run);
    if (!isActive(run)) {
      this.finished(run);
      return;
    }
    this.poll = pollRun(this.api, run.id, this.pollMs).subscribe({
      next: (latest) => {
        this.run.set(latest);
        if (!isActive(latest)) this.finished(latest);
      },
      error: (error: unknown) => this.pollError.set(`Lost track of the run: ${toApiError(error).message}`),
    });
  }

  private finished(run: SyncRunDto): void {
    if (run.status === 'succeeded') this.goTo(STEP.results);
  }

  /** Moves once the view shows the steps' new `completed` states (a linear stepper checks them). */
  protected goTo(index: number): void {
    afterNextRender(
      () => {
        const stepper = this.stepper();
        if (stepper) stepper.selectedIndex = index;
      },
      { injector: this.injector },
    );
  }

  /** The list name the API refused (e.g. a list of that name exists) shows on its field in step 2 too. */
  private showTargetErrors(error: ApiError): void {
    const nameError = error.fields.find((field) => field.field === 'target.newListName');
    if (nameError) {
      this.listForm.controls.newListName.setErrors({ server: nameError.message });
      this.listForm.controls.newListName.markAsTouched();
    }
  }
}
