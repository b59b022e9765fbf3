import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CtctBudgetUsageDto } from '@ctct/shared-types';
import { toApiError } from '../../core/http/api-error';
import { Icon } from '../../shared/icon/icon';
import { BudgetUsageApi, KIND_LABELS } from '../data-access/budget-usage.api';

const count = new Intl.NumberFormat('en-US');
const time = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'UTC',
});
const at = (iso: string) => `${time.format(new Date(iso))} UTC`;

export interface UsageLines {
  used: string;
  runs: string;
  byKind: string;
  byJob: string;
  stop: string | null;
}

/** One line per figure, for the card and its tests. */
export function describeUsage(usage: CtctBudgetUsageDto): UsageLines {
  const { budget } = usage;
  return {
    used: `${count.format(budget.usedToday)} of ${count.format(budget.perDay)} calls used · resets ${at(budget.resetsAt)}`,
    runs: `Jobs and bulk runs may make ${count.format(budget.runsRemainingToday)} more; ${budget.pushReservePercent}% is kept for pushes`,
    byKind: usage.byKind.length
      ? usage.byKind.map((row) => `${KIND_LABELS[row.kind] ?? row.kind} ${count.format(row.calls)}`).join(' · ')
      : 'No calls yet',
    byJob: usage.byJob.length ? usage.byJob.map((row) => `${row.job} ${count.format(row.calls)}`).join(' · ') : 'No runs yet',
    stop: budget.quotaExhaustedUntil ? `No calls until ${at(budget.quotaExhaustedUntil)} (Constant Contact's midnight)` : null,
  };
}

/**
 * "Constant Contact quota today": what today's calls (CC's day) went to, by kind and by job, and the share kept
 * for pushes (editable). Loads its own data; the rest of Settings does not depend on it.
 */
@Component({
  selector: 'app-budget-usage-card',
  imports: [FormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'budget-usage-card' },
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title id="budget-usage-title">Constant Contact quota today</mat-card-title>
        <button mat-icon-button type="button" class="refresh" aria-label="Refresh quota use" (click)="usage.reload()">
          <app-icon name="refresh" />
        </button>
      </mat-card-header>
      <mat-card-content>
        @if (lines(); as l) {
          @if (l.stop) {
            <p class="stop" role="status" data-testid="budget-stop">{{ l.stop }}</p>
          }
          <dl class="read-only" aria-labelledby="budget-usage-title">
            <dt>Used</dt>
            <dd data-testid="budget-used">{{ l.used }}</dd>
            <dt>Jobs and runs</dt>
            <dd data-testid="budget-runs">{{ l.runs }}</dd>
            <dt>By kind</dt>
            <dd data-testid="budget-by-kind">{{ l.byKind }}</dd>
            <dt>By job</dt>
            <dd data-testid="budget-by-job">{{ l.byJob }}</dd>
          </dl>
          <form class="reserve" (ngSubmit)="saveReserve()">
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>Kept for pushes (%)</mat-label>
              <input
                matInput
                type="number"
                name="reserve"
                min="0"
                max="90"
                data-testid="budget-reserve"
                [ngModel]="reserve()"
                (ngModelChange)="reserve.set($event)"
              />
            </mat-form-field>
            <button mat-stroked-button type="submit" data-testid="budget-reserve-save" [disabled]="saving()">Save</button>
          </form>
        } @else if (error(); as message) {
          <p class="stop" role="alert" data-testid="budget-error">{{ message }}</p>
        }
        @if (saveError(); as message) {
          <p class="stop" role="alert" data-testid="budget-reserve-error">{{ message }}</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styleUrl: './settings-card.scss',
  styles: `
    mat-card-header {
      display: flex;
      align-items: center;
    }
    .refresh {
      margin-left: auto;
    }
    .stop {
      margin: 0 0 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .reserve {
      display: flex;
      align-items: center;
      gap: 12px;
      margin-top: 12px;
    }
  `,
})
export class BudgetUsageCard {
  private readonly api = inject(BudgetUsageApi);
  protected readonly usage = rxResource({ stream: () => this.api.get() });
  protected readonly lines = computed(() => (this.usage.hasValue() ? describeUsage(this.usage.value()) : null));
  protected readonly error = computed(() => (this.usage.error() ? toApiError(this.usage.error()).message : null));
  /** The field starts at the saved value, and follows it after each load. */
  protected readonly reserve = linkedSignal<number | null>(() =>
    this.usage.hasValue() ? this.usage.value().budget.pushReservePercent : null,
  );
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);

  protected saveReserve(): void {
    const percent = this.reserve();
    if (percent === null) return;
    this.saving.set(true);
    this.saveError.set(null);
    this.api.setPushReserve(Number(percent)).subscribe({
      next: () => {
        this.saving.set(false);
        this.usage.reload();
      },
      error: (error: unknown) => {
        this.saving.set(false);
        const problem = toApiError(error);
        this.saveError.set(problem.fields[0] ? `Kept for pushes ${problem.fields[0].message}` : problem.message);
      },
    });
  }
}
