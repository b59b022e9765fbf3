import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, Router } from '@angular/router';
import type { IntegrationSettingsDto, SyncJobName } from '@ctct/shared-types';
import { map, merge } from 'rxjs';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { toApiError } from '../../core/http/api-error';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { Icon } from '../../shared/icon/icon';
import { connectCallbackMessage } from '../data-access/connection-display';
import { CtctConnectionApi } from '../data-access/ctct-connection.api';
import { SyncApi } from '../../sync/data-access/sync.api';
import { SyncNow } from '../../sync/data-access/sync-now';
import { isActive } from '../../sync/data-access/sync-display';
import { IntegrationSettingsApi } from '../data-access/settings.api';
import { ConnectionCard } from '../ui/connection-card';
import { HousekeepingCard } from '../ui/housekeeping-card';
import { PushesCard } from '../ui/pushes-card';
import { SaveState } from '../ui/section-actions';
import {
  SettingsSection,
  applyServerErrors,
  createSettingsForms,
  resetSection,
  sectionChanges,
} from '../ui/settings-form.model';
import { SyncJobsCard } from '../ui/sync-jobs-card';

const SECTIONS: readonly SettingsSection[] = ['schedules', 'pushes', 'housekeeping'];

/** Relative times ("in 23 h") are re-rendered this often. */
const CLOCK_TICK_MS = 60_000;

/**
 * /settings. Cards stack in `.cards`, one per concern; each card's state lives here: the connection, the sync
 * jobs (schedules + Sync now), pushes to CC (trigger, contact-type → list rules, opt-out → Do Not Email) and
 * housekeeping. Each settings card saves on its own, sending only the fields that changed in it.
 *
 * The connect flow leaves the admin (full-page navigation through CC's consent page) and comes back as
 * /settings?ctct=connected or ?ctct=error&reason=…: the message is shown once and the params removed.
 */
@Component({
  selector: 'app-settings-page',
  imports: [MatButtonModule, Icon, ConnectionCard, SyncJobsCard, PushesCard, HousekeepingCard],
  providers: [SyncNow],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './settings.page.html',
  styleUrl: './settings.page.scss',
})
export class SettingsPage {
  private readonly api = inject(CtctConnectionApi);
  private readonly status = inject(ConnectionStatusService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  private readonly settingsApi = inject(IntegrationSettingsApi);
  private readonly syncApi = inject(SyncApi);
  protected readonly syncNow = inject(SyncNow);

  protected readonly now = signal(Date.now());

  protected readonly connection = rxResource({ stream: () => this.api.get() });
  protected readonly connectionValue = computed(() => (this.connection.hasValue() ? this.connection.value() : undefined));
  protected readonly connectionError = computed(() => {
    const error = this.connection.error();
    return error ? toApiError(error).message : null;
  });

  protected readonly settings = rxResource({ stream: () => this.settingsApi.get() });
  protected readonly settingsValue = computed(() => (this.settings.hasValue() ? this.settings.value() : undefined));
  protected readonly settingsError = computed(() => {
    const error = this.settings.error();
    return error ? toApiError(error).message : null;
  });

  protected readonly jobs = rxResource({ stream: () => this.syncApi.jobs() });
  protected readonly jobsValue = computed(() => (this.jobs.hasValue() ? this.jobs.value() : undefined));
  /** The jobs card needs both: its schedules come from the settings. */
  protected readonly jobsError = computed(() => {
    const error = this.jobs.error();
    return error ? toApiError(error).message : this.settingsError();
  });

  protected readonly forms = createSettingsForms();
  /** Each card's PATCH body as the user edits (empty: nothing to save). */
  private readonly formValues = toSignal(
    merge(this.forms.schedules.valueChanges, this.forms.pushes.valueChanges, this.forms.housekeeping.valueChanges).pipe(map(() => Date.now())),
    { initialValue: 0 },
  );
  protected readonly changes = computed(() => {
    this.formValues();
    const saved = this.settingsValue();
    const empty = { schedules: {}, pushes: {}, housekeeping: {} };
    if (!saved) return empty;
    return {
      schedules: sectionChanges(this.forms, 'schedules', saved),
      pushes: sectionChanges(this.forms, 'pushes', saved),
      housekeeping: sectionChanges(this.forms, 'housekeeping', saved),
    };
  });
  protected readonly saveStates = signal<Record<SettingsSection, SaveState>>({ schedules: 'idle', pushes: 'idle', housekeeping: 'idle' });
  protected readonly saveMessages = signal<Record<SettingsSection, string | null>>({ schedules: null, pushes: null, housekeeping: null });

  /** Disconnecting, or on the way to CC's consent page. */
  protected readonly busy = signal(false);
  protected readonly callbackMessage = signal(
    connectCallbackMessage(this.route.snapshot.queryParamMap.get('ctct'), this.route.snapshot.queryParamMap.get('reason')),
  );

  constructor() {
    const tick = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));

    // Whatever this page learns, the shell's banner learns too.
    effect(() => {
      const connection = this.connectionValue();
      if (connection) this.status.publish(connection);
    });

    // Fresh settings (first load, or a save's answer) → the forms.
    effect(() => {
      const settings = this.settingsValue();
      if (settings) for (const section of SECTIONS) this.resetIfUntouched(section, settings);
    });
    // A run that was already going when the page opened gets the same live state as one started here.
    effect(() => {
      for (const status of this.jobsValue() ?? []) {
        if (isActive(status.activeRun) && !this.syncNow.stateOf(status.job).run) this.syncNow.follow(status.job, status.activeRun!);
      }
    });
    // A run ended: next run, last run and counts change.
    this.syncNow.finished.pipe(takeUntilDestroyed()).subscribe(() => this.jobs.reload());

    if (this.callbackMessage()?.kind === 'success') {
      this.snackBar.open('Constant Contact connected', undefined, { duration: 4000 });
    }
    if (['ctct', 'reason', 'message'].some((name) => this.route.snapshot.queryParamMap.has(name))) {
      // A reload or a shared link must not repeat the message.
      void this.router.navigate([], {
        relativeTo: this.route,
        queryParams: { ctct: null, reason: null, message: null },
        queryParamsHandling: 'merge',
        replaceUrl: true,
      });
    }
  }

  protected startSync(job: SyncJobName): void {
    this.syncNow.start(job);
  }

  protected retryJobs(): void {
    if (this.settings.error()) this.settings.reload();
    this.jobs.reload();
  }

  protected dirty(section: SettingsSection): boolean {
    return Object.keys(this.changes()[section]).length > 0;
  }

  protected save(section: SettingsSection): void {
    const saved = this.settingsValue();
    const form = this.forms[section];
    if (!saved || this.saveStates()[section] === 'saving') return;
    form.markAllAsTouched();
    if (form.invalid) return;
    const changes = this.changes()[section];
    if (Object.keys(changes).length === 0) return;
    this.setSaveState(section, 'saving', null);
    this.settingsApi.update(changes).subscribe({
      next: (settings) => {
        resetSection(this.forms, section, settings);
        // Other cards keep their unsaved edits: only this card's form is reset to the answer.
        this.settings.set(settings);
        this.setSaveState(section, 'saved', null);
        this.snackBar.open('Settings saved', undefined, { duration: 3000 });
        if (section === 'schedules') this.jobs.reload(); // next run times follow the new schedules
      },
      error: (err: unknown) => {
        const error = toApiError(err);
        const unmatched = applyServerErrors(this.forms, error.fields);
        const message =
          error.fields.length === 0 ? error.message : unmatched.length ? unmatched.map((f) => `${f.field} ${f.message}`).join('; ') : null;
        this.setSaveState(section, 'failed', message);
      },
    });
  }

  protected resetSection(section: SettingsSection): void {
    const saved = this.settingsValue();
    if (saved) resetSection(this.forms, section, saved);
    this.setSaveState(section, 'idle', null);
  }

  /** A save's answer must not wipe what the user is typing in another card. */
  private resetIfUntouched(section: SettingsSection, settings: IntegrationSettingsDto): void {
    if (this.forms[section].dirty) return;
    resetSection(this.forms, section, settings);
  }

  private setSaveState(section: SettingsSection, state: SaveState, message: string | null): void {
    this.saveStates.update((states) => ({ ...states, [section]: state }));
    this.saveMessages.update((messages) => ({ ...messages, [section]: message }));
  }

  protected dismissMessage(): void {
    this.callbackMessage.set(null);
  }

  protected retry(): void {
    this.connection.reload();
  }

  protected connect(): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.api.startConnect();
  }

  protected disconnect(): void {
    if (this.busy()) return;
    confirm(this.dialog, {
      title: 'Disconnect Constant Contact?',
      message: 'Scheduled syncs stop and tokens are revoked.',
      confirmLabel: 'Disconnect',
      destructive: true,
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.busy.set(true);
      this.callbackMessage.set(null);
      this.api.disconnect().subscribe({
        next: (connection) => {
          this.busy.set(false);
          this.connection.set(connection);
          this.snackBar.open('Constant Contact disconnected', undefined, { duration: 3000 });
        },
        error: (err: unknown) => {
          this.busy.set(false);
          this.snackBar.open(`Disconnect failed: ${toApiError(err).message}`, 'Dismiss');
        },
      });
    });
  }
}
