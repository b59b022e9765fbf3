import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { SyncJobName, SyncJobStatusDto, SyncRunDto } from '@ctct/shared-types';
import { startWith, switchMap } from 'rxjs';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { IDLE, SyncNowState, SyncNowStates } from '../../sync/data-access/sync-now';
import { JOB_DESCRIPTIONS, JOB_LABELS, countsSummary, formatCount, isActive } from '../../sync/data-access/sync-display';
import { RunStatusChip } from '../../sync/ui/run-status-chip';
import { SyncNowControl } from '../../sync/ui/sync-now-control';
import { relativeAndAbsolute } from '../data-access/connection-display';
import { describeCron } from '../data-access/schedule-display';
import { SchedulesForm, settingErrorMessage } from './settings-form.model';
import { SaveState, SectionActions } from './section-actions';

/**
 * "Sync jobs": per job its schedule (cron, UTC, editable, with a sentence for the simple forms), next run, how the
 * last run went, and Sync now with the live state. Presentational: the settings page loads, saves and syncs.
 */
@Component({
  selector: 'app-sync-jobs-card',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    LoadingState,
    ErrorState,
    RunStatusChip,
    SyncNowControl,
    SectionActions,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'sync-jobs-card' },
  templateUrl: './sync-jobs-card.html',
  styleUrl: './sync-jobs-card.scss',
})
export class SyncJobsCard {
  readonly jobs = input<SyncJobStatusDto[]>();
  readonly loading = input(false);
  readonly error = input<string | null>(null);
  readonly form = input.required<SchedulesForm>();
  readonly syncStates = input<SyncNowStates>({});
  /** Epoch ms for "in 5 h": the page ticks it. */
  readonly now = input.required<number>();
  readonly dirty = input(false);
  readonly saveState = input<SaveState>('idle');
  readonly message = input<string | null>(null);

  readonly syncNow = output<SyncJobName>();
  readonly save = output<void>();
  readonly reset = output<void>();
  readonly retry = output<void>();

  protected readonly labels = JOB_LABELS;
  protected readonly descriptions = JOB_DESCRIPTIONS;
  protected readonly countsSummary = countsSummary;
  protected readonly formatCount = formatCount;
  protected readonly isActive = isActive;

  private readonly formEvent = toSignal(toObservable(this.form).pipe(switchMap((form) => form.events.pipe(startWith(null)))));

  protected syncState(job: SyncJobName): SyncNowState {
    return this.syncStates()[job] ?? IDLE;
  }

  /** The run this page followed (fresher), else what the API said about the job. */
  protected lastRun(status: SyncJobStatusDto): SyncRunDto | null {
    return this.syncState(status.job).run ?? status.activeRun ?? status.lastRun;
  }

  protected when(iso: string | null): string | null {
    return iso ? relativeAndAbsolute(iso, this.now()) : null;
  }

  protected hint(job: SyncJobName): string {
    this.formEvent();
    return describeCron(this.form().controls[job].value) ?? 'minute hour day month weekday, in UTC';
  }

  protected scheduleError(job: SyncJobName): string | null {
    this.formEvent();
    return settingErrorMessage(this.form().controls[job].errors, 'Schedule');
  }
}
