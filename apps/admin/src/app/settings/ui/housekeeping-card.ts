import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { IntegrationSettingsDto } from '@ctct/shared-types';
import { startWith, switchMap } from 'rxjs';
import { HousekeepingForm, SETTINGS_LIMITS, settingErrorMessage } from './settings-form.model';
import { SaveState, SectionActions } from './section-actions';

const LABELS = { apiLogRetentionDays: 'Retention', linkFullPassEveryDays: 'Full link pass interval' } as const;
const count = new Intl.NumberFormat('en-US');

/** "Housekeeping": API log retention, how often the link job does a full pass, and the rate plan (read-only). */
@Component({
  selector: 'app-housekeeping-card',
  imports: [ReactiveFormsModule, MatCardModule, MatFormFieldModule, MatInputModule, SectionActions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'housekeeping-card' },
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <h2 mat-card-title id="housekeeping-card-title">Housekeeping</h2>
      </mat-card-header>
      <mat-card-content>
        <form [formGroup]="form()" (ngSubmit)="save.emit()" novalidate aria-labelledby="housekeeping-card-title">
          <div class="field-row">
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>Keep the API log for (days)</mat-label>
              <input
                matInput
                type="number"
                inputmode="numeric"
                formControlName="apiLogRetentionDays"
                data-testid="setting-retention"
                [min]="limits.retentionDays.min"
                [max]="limits.retentionDays.max"
              />
              <mat-hint>{{ limits.retentionDays.min }}–{{ limits.retentionDays.max }} days; older calls are deleted nightly.</mat-hint>
              <mat-error data-testid="setting-retention-error">{{ error('apiLogRetentionDays') }}</mat-error>
            </mat-form-field>
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>Full link pass every (days)</mat-label>
              <input
                matInput
                type="number"
                inputmode="numeric"
                formControlName="linkFullPassEveryDays"
                data-testid="setting-full-pass"
                [min]="limits.fullPassDays.min"
                [max]="limits.fullPassDays.max"
              />
              <mat-hint>Between full passes the link job only reads what changed.</mat-hint>
              <mat-error data-testid="setting-full-pass-error">{{ error('linkFullPassEveryDays') }}</mat-error>
            </mat-form-field>
          </div>
          @if (ratePlan(); as plan) {
            <dl class="read-only">
              <dt>Rate plan in force</dt>
              <dd data-testid="setting-rate-plan">
                {{ plan }} <span class="muted">(set on the server: CTCT_RATE_PER_SECOND / _PER_DAY)</span>
              </dd>
            </dl>
          }
          <app-section-actions
            section="housekeeping"
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
export class HousekeepingCard {
  readonly form = input.required<HousekeepingForm>();
  readonly settings = input<IntegrationSettingsDto>();
  readonly dirty = input(false);
  readonly saveState = input<SaveState>('idle');
  readonly message = input<string | null>(null);
  readonly save = output<void>();
  readonly resetRequested = output<void>();

  protected readonly limits = SETTINGS_LIMITS;
  protected readonly ratePlan = computed(() => {
    const plan = this.settings()?.ratePlan;
    return plan ? `${count.format(plan.perSecond)} requests/s · ${count.format(plan.perDay)}/day` : null;
  });

  private readonly formEvent = toSignal(toObservable(this.form).pipe(switchMap((form) => form.events.pipe(startWith(null)))));

  protected error(field: keyof typeof LABELS): string | null {
    this.formEvent();
    return settingErrorMessage(this.form().controls[field].errors, LABELS[field]);
  }
}
