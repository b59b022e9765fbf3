import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatCardModule } from '@angular/material/card';
import { ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { CtctListDto } from '@ctct/shared-types';
import { startWith, switchMap } from 'rxjs';
import { PushesForm, SETTINGS_LIMITS, settingErrorMessage } from './settings-form.model';
import { SaveState, SectionActions } from './section-actions';

const LABELS = {
  listMembershipTrigger: 'List-membership trigger',
  typeRulesEnabled: 'Contact-type rules',
  customer: 'List for customers',
  supplier: 'List for suppliers',
  lead: 'List for leads',
  optOutSetsDoNotEmail: 'Opt-out rule',
} as const;
type PushField = keyof typeof LABELS;
type ListField = 'customer' | 'supplier' | 'lead';

/**
 * "Pushes to Constant Contact": the list-membership trigger, contact-type → list rules (names completed from, and
 * checked against, the synced CC lists as they are typed), opt-out → Do Not Email.
 */
@Component({
  selector: 'app-pushes-card',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    SectionActions,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'pushes-card' },
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <h2 mat-card-title id="pushes-card-title">Pushes to Constant Contact</h2>
      </mat-card-header>
      <mat-card-content>
        <form [formGroup]="form()" (ngSubmit)="save.emit()" novalidate aria-labelledby="pushes-card-title">
          <div class="switch-row">
            <mat-slide-toggle
              formControlName="listMembershipTrigger"
              data-testid="setting-list-trigger"
              aria-describedby="list-trigger-hint"
            >
              Push CRM list-membership changes to Constant Contact
            </mat-slide-toggle>
            <p id="list-trigger-hint" class="switch-hint">
              Adding or removing a contact from a list in the CRM updates the CC list at once.
            </p>
            @if (error('listMembershipTrigger'); as message) {
              <p class="switch-error" data-testid="setting-list-trigger-error">{{ message }}</p>
            }
          </div>

          <div class="switch-row subsection">
            <mat-slide-toggle formControlName="typeRulesEnabled" data-testid="setting-type-rules" aria-describedby="type-rules-hint">
              Add new contacts to a list by contact type
            </mat-slide-toggle>
            <p id="type-rules-hint" class="switch-hint">New CRM contacts join the Constant Contact list named for their type.</p>
            @if (error('typeRulesEnabled'); as message) {
              <p class="switch-error" data-testid="setting-type-rules-error">{{ message }}</p>
            }
          </div>
          <div class="field-row" [class.muted]="!rulesEnabled()">
            @for (type of types; track type.key) {
              <mat-form-field subscriptSizing="dynamic">
                <mat-label>{{ type.label }}</mat-label>
                <input
                  matInput
                  [formControlName]="type.key"
                  [attr.data-testid]="'rule-' + type.key"
                  [maxlength]="limits.listName"
                  [matAutocomplete]="auto"
                  [errorStateMatcher]="whileTyping"
                  autocomplete="off"
                />
                <mat-autocomplete #auto="matAutocomplete" [attr.data-testid]="'rule-' + type.key + '-options'">
                  @for (name of suggestions(type.key); track name) {
                    <mat-option [value]="name">{{ name }}</mat-option>
                  }
                </mat-autocomplete>
                @if (!error(type.key) && listsHint()) {
                  <mat-hint>{{ listsHint() }}</mat-hint>
                }
                <mat-error [attr.data-testid]="'rule-' + type.key + '-error'">{{ error(type.key) }}</mat-error>
              </mat-form-field>
            }
          </div>

          <div class="switch-row subsection">
            <mat-slide-toggle formControlName="optOutSetsDoNotEmail" data-testid="setting-optout-dne" aria-describedby="optout-hint">
              A Constant Contact opt-out sets Do Not Email
            </mat-slide-toggle>
            <p id="optout-hint" class="switch-hint">
              When someone unsubscribes in Constant Contact, the link job marks the CRM contact Do Not Email.
            </p>
            @if (error('optOutSetsDoNotEmail'); as message) {
              <p class="switch-error" data-testid="setting-optout-dne-error">{{ message }}</p>
            }
          </div>

          <app-section-actions
            section="pushes"
            [state]="saveState()"
            [dirty]="dirty()"
            [message]="message()"
            (resetRequested)="resetRequested.emit()"
          />
        </form>
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './settings-card.scss',
})
export class PushesCard {
  readonly form = input.required<PushesForm>();
  /** The synced, live CC lists; undefined while unknown. */
  readonly lists = input<CtctListDto[]>();
  readonly dirty = input(false);
  readonly saveState = input<SaveState>('idle');
  readonly message = input<string | null>(null);
  readonly save = output<void>();
  readonly resetRequested = output<void>();

  protected readonly limits = SETTINGS_LIMITS;
  protected readonly types = [
    { key: 'customer', label: LABELS.customer },
    { key: 'supplier', label: LABELS.supplier },
    { key: 'lead', label: LABELS.lead },
  ] as const;
  protected readonly whileTyping = new ShowOnDirtyErrorStateMatcher();

  /** Server errors arrive without a template event: the form's event stream re-renders under OnPush. */
  private readonly formEvent = toSignal(toObservable(this.form).pipe(switchMap((form) => form.events.pipe(startWith(null)))));

  private readonly listNames = computed(() => (this.lists() ?? []).map((list) => list.name).sort((a, b) => a.localeCompare(b)));
  protected readonly listsHint = computed(() =>
    this.lists() && this.listNames().length === 0 ? 'No Constant Contact lists synced yet: sync the lists to check this name.' : '',
  );

  /** The synced lists whose name contains what is typed (all of them for an exact match, to pick another). */
  protected suggestions(field: ListField): string[] {
    this.formEvent();
    const typed = this.form().controls[field].value.trim().toLowerCase();
    const names = this.listNames();
    if (!typed || names.some((name) => name.toLowerCase() === typed)) return names;
    return names.filter((name) => name.toLowerCase().includes(typed));
  }

  protected rulesEnabled(): boolean {
    this.formEvent();
    return this.form().controls.typeRulesEnabled.value;
  }

  protected error(field: PushField): string | null {
    this.formEvent();
    return settingErrorMessage(this.form().controls[field].errors, LABELS[field]);
  }
}
