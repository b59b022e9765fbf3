import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { RouterLink } from '@angular/router';
import type { CtctListDto } from '@ctct/shared-types';
import { map, merge, startWith, switchMap } from 'rxjs';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { formatCount } from '../data-access/bulk-display';
import { LIST_NAME_MAX, ListTargetForm, NEW_LIST, listNameError } from '../data-access/list-target';

/**
 * Step 2: one radio group — the synced CC lists (with a name filter) and "Create a new list" with its name.
 * Presentational: the page owns the form and the lists.
 */
@Component({
  selector: 'app-list-picker',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    Icon,
    LoadingState,
    EmptyState,
    ErrorState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div [formGroup]="form()">
      @if (loading()) {
        <app-loading-state label="Loading the Constant Contact lists" />
      } @else if (error(); as message) {
        <app-error-state title="The lists could not be loaded" [message]="message" (retry)="retry.emit()">
          <p class="hint">You can still create a new list below.</p>
        </app-error-state>
      } @else if (lists().length === 0) {
        <app-empty-state
          icon="info"
          title="No Constant Contact lists synced yet"
          detail="Create a new list below, or sync the lists first."
        >
          <a mat-stroked-button routerLink="/settings" data-testid="sync-lists-hint">Sync lists under Settings</a>
        </app-empty-state>
      } @else {
        <mat-form-field class="list-filter" subscriptSizing="dynamic">
          <mat-label>Filter lists</mat-label>
          <app-icon matPrefix name="search" class="prefix-icon" />
          <input matInput type="search" data-testid="list-filter" [value]="filter()" (input)="filter.set($any($event.target).value)" />
        </mat-form-field>
      }

      <mat-radio-group formControlName="choice" class="options" aria-label="Constant Contact list">
        @for (list of shown(); track list.listId) {
          <div class="option">
            <mat-radio-button [value]="list.listId" data-testid="list-option">{{ list.name }}</mat-radio-button>
            <span class="members">{{ members(list) }}</span>
          </div>
        }
        @if (lists().length > 0 && shown().length === 0) {
          <p class="hint" role="status">No list matches “{{ filter() }}”.</p>
        }
        <div class="option new">
          <mat-radio-button [value]="newList" data-testid="new-list-toggle">Create a new list</mat-radio-button>
        </div>
      </mat-radio-group>

      @if (isNew()) {
        <mat-form-field class="new-name" subscriptSizing="dynamic">
          <mat-label>New list name</mat-label>
          <input
            matInput
            formControlName="newListName"
            data-testid="new-list-name"
            [attr.maxlength]="nameMax"
            [errorStateMatcher]="whileTyping"
            autocomplete="off"
          />
          <mat-hint align="end">{{ nameLength() }} / {{ nameMax }}</mat-hint>
          @if (nameError(); as message) {
            <mat-error data-testid="new-list-name-error">{{ message }}</mat-error>
          }
        </mat-form-field>
        @if (takenList(); as taken) {
          <button mat-stroked-button type="button" class="use-existing" data-testid="use-existing-list" (click)="useExisting(taken.listId)">
            Use the list “{{ taken.name }}”
          </button>
        }
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .list-filter {
      width: min(100%, 360px);
      margin-bottom: 8px;
    }
    .prefix-icon {
      margin: 0 4px 0 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .options {
      display: flex;
      flex-direction: column;
      max-height: 360px;
      overflow-y: auto;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .option {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 12px;
      padding: 2px 16px 2px 4px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .option:last-child {
      border-bottom: 0;
    }
    .option.new {
      font-weight: 500;
    }
    .members {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      white-space: nowrap;
    }
    .hint {
      margin: 8px 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .new-name {
      display: block;
      width: min(100%, 480px);
      margin-top: 16px;
    }
    .use-existing {
      margin-top: 8px;
    }
  `,
})
export class ListPicker {
  readonly form = input.required<ListTargetForm>();
  readonly lists = input<CtctListDto[]>([]);
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  readonly retry = output<void>();

  protected readonly newList = NEW_LIST;
  /** The new name is checked as it is typed (taken, blank, too long), not only when the field is left. */
  protected readonly whileTyping = new ShowOnDirtyErrorStateMatcher();
  protected readonly nameMax = LIST_NAME_MAX;
  protected readonly filter = signal('');

  protected readonly shown = computed(() => {
    const words = this.filter().trim().toLowerCase();
    return words ? this.lists().filter((list) => list.name.toLowerCase().includes(words)) : this.lists();
  });

  // The form is an input: follow its value and status as a signal so OnPush sees every change.
  private readonly state = toSignal(
    toObservable(this.form).pipe(
      switchMap((form) =>
        merge(form.valueChanges, form.statusChanges).pipe(
          startWith(null),
          map(() => ({
            choice: form.controls.choice.value,
            name: form.controls.newListName.value,
            errors: form.controls.newListName.errors,
          })),
        ),
      ),
    ),
    { initialValue: { choice: null as string | null, name: '', errors: null as ValidationErrors | null } },
  );
  protected readonly isNew = computed(() => this.state().choice === NEW_LIST);
  protected readonly nameLength = computed(() => this.state().name.length);
  protected readonly nameError = computed(() => (this.state().errors ? listNameError(this.form().controls.newListName) : null));

  /** The synced list the typed name already belongs to. */
  protected readonly takenList = computed(() => (this.state().errors?.['taken'] as { listId: string; name: string } | undefined) ?? null);

  protected useExisting(listId: string): void {
    this.filter.set('');
    this.form().controls.choice.setValue(listId);
  }

  protected members(list: CtctListDto): string {
    return list.membershipCount === null ? '' : `${formatCount(list.membershipCount)} ${list.membershipCount === 1 ? 'member' : 'members'}`;
  }
}
