import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { SyncJobName, SyncJobStatusDto, SyncRunDto } from '@ctct/shared-types';
import { startWith, switchMap } from 'rxjs';
import { Icon } from '../../shared/icon/icon';
import { ErrorState } from '../../shared/page-state/error-state';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { LoadingState } from '../../shared/page-state/loading-state';
import { IDLE, SyncNowState, SyncNowStates } from '../../sync/data-access/sync-now';
import { JOB_DESCRIPTIONS, JOB_LABELS, countsSummary, formatCount, isActive } from '../../sync/data-access/sync-display';
import { RunStatusChip } from '../../sync/ui/run-status-chip';
import { SyncNowControl } from '../../sync/ui/sync-now-control';
import { relativeAndAbsolute } from '../data-access/connection-display';
import { describeCron, nextRunsText, scheduleCost, scheduleCostWarning } from '../data-access/schedule-display';
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
    Icon,
    LoadingState,
    ErrorState,
    PlainMessageText,
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
  /** The daily request quota (settings' rate plan), for the cost of a schedule; 0 while unknown. */
  readonly perDay = input(0);
  /** Why Sync now cannot run (Constant Contact missing); null when it can. */
  readonly blockedReason = input<string | null>(null);

  readonly syncNow = output<SyncJobName>();
  readonly save = output<void>();
  readonly resetRequested = output<void>();
  readonly retry = output<void>();

  protected readonly labels = JOB_LABELS;
  protected readonly descriptions = JOB_DESCRIPTIONS;
  protected readonly countsSummary = countsSummary;
  protected readonly formatCount = formatCount;
  protected readonly isActive = isActive;
  /** A schedule is checked as it is typed, not only when the field is left. */
  protected readonly whileTyping = new ShowOnDirtyErrorStateMatcher();

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
    const control = this.form().controls[job];
    return (control.valid && describeCron(control.value)) || 'minute hour day month weekday, in UTC — e.g. 30 0 * * *';
  }

  /** The next three runs in the user's time (the cron is UTC), or null while the schedule is not valid. */
  protected nextRuns(job: SyncJobName): string | null {
    this.formEvent();
    const control = this.form().controls[job];
    return control.valid ? nextRunsText(control.value, new Date(this.now())) : null;
  }

  /**
   * A warning when the schedule would spend more than a quarter of the daily quota: runs a day × the calls of the
   * job's last run (the best guess of a run's cost the API gives).
   */
  protected costWarning(status: SyncJobStatusDto): string | null {
    this.formEvent();
    const control = this.form().controls[status.job];
    const perDay = this.perDay();
    if (!control.valid || perDay <= 0) return null;
    const callsPerRun = status.lastRun?.apiCalls ?? 1;
    const cost = scheduleCost(control.value, callsPerRun, perDay);
    return cost?.tooMuch ? scheduleCostWarning(cost, callsPerRun, perDay) : null;
  }

  protected scheduleError(job: SyncJobName): string | null {
    this.formEvent();
    return settingErrorMessage(this.form().controls[job].errors, 'Schedule');
  }
}
