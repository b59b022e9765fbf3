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
import { HasUnsavedChanges, warnBeforeUnload } from '../../core/unsaved-changes';
import { plainMessage } from '../../shared/wording/plain-language';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { ConsentServiceLevel } from '../../consent/ui/consent-service-level';
import { Icon } from '../../shared/icon/icon';
import { connectCallbackMessage } from '../data-access/connection-display';
import { CtctConnectionApi } from '../data-access/ctct-connection.api';
import { SyncApi } from '../../sync/data-access/sync.api';
import { SyncNow } from '../../sync/data-access/sync-now';
import { isActive } from '../../sync/data-access/sync-display';
import { IntegrationSettingsApi } from '../data-access/settings.api';
import { BudgetUsageCard } from '../ui/budget-usage-card';
import { ConnectionCard } from '../ui/connection-card';
import { HousekeepingCard } from '../ui/housekeeping-card';
import { PushesCard } from '../ui/pushes-card';
import { SaveState } from '../ui/section-actions';
import {
  SettingsSection,
  applyServerErrors,
  createSettingsForms,
  recheckListNames,
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
  imports: [MatButtonModule, Icon, ConnectionCard, SyncJobsCard, PushesCard, HousekeepingCard, ConsentServiceLevel, BudgetUsageCard],
  providers: [SyncNow],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './settings.page.html',
  styleUrl: './settings.page.scss',
})
export class SettingsPage implements HasUnsavedChanges {
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

  /** The live synced CC lists: the contact-type rules complete and check their names against them. */
  protected readonly lists = rxResource({ stream: () => this.syncApi.lists(false) });
  protected readonly listsValue = computed(() => (this.lists.hasValue() ? this.lists.value() : undefined));
  private readonly knownListNames = computed(() => {
    const lists = this.listsValue();
    return lists ? new Set(lists.map((list) => list.name.trim().toLowerCase())) : null;
  });

  protected readonly forms = createSettingsForms(() => this.knownListNames());
  /** Why Sync now cannot run (Constant Contact missing), from what this page and the shell know of the connection. */
  protected readonly syncBlocked = this.status.blockedReason;
  protected readonly perDay = computed(() => this.settingsValue()?.ratePlan.perDay ?? 0);
  /** Each card's PATCH body as the user edits (empty: nothing to save). */
  private readonly formValues = toSignal(
    merge(this.forms.schedules.valueChanges, this.forms.pushes.valueChanges, this.forms.housekeeping.valueChanges).pipe(
      map(() => Date.now()),
    ),
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
    // A run ended: next run, last run and counts change; a lists run may bring the lists the rules name.
    this.syncNow.finished.pipe(takeUntilDestroyed()).subscribe((run) => {
      this.jobs.reload();
      if (run.job === 'lists') this.lists.reload();
    });
    // The synced lists arrived (or changed): the rule names are checked against them.
    effect(() => {
      this.knownListNames();
      recheckListNames(this.forms.pushes);
    });
    warnBeforeUnload(() => this.hasUnsavedChanges());

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

  /** A card with edits not saved yet (leaving asks first). */
  hasUnsavedChanges(): boolean {
    return SECTIONS.some((section) => this.dirty(section));
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
          error.fields.length === 0
            ? plainMessage(error.message).text
            : unmatched.length
              ? unmatched.map((f) => `${f.field} ${f.message}`).join('; ')
              : null;
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
      message: 'The CRM stops talking to Constant Contact until someone connects again.',
      consequences: [
        'Scheduled syncs are skipped and Sync now is unavailable; nothing new comes back from Constant Contact.',
        'Opt-outs and list changes made in the CRM wait in the queue and are sent once you connect again.',
        'The access is revoked in Constant Contact: connecting again means signing in there and allowing access.',
        'Nothing is deleted, in Constant Contact or in the CRM.',
      ],
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
          this.snackBar.open(`Constant Contact was not disconnected. ${plainMessage(toApiError(err).message).text}`, 'Dismiss');
        },
      });
    });
  }
}
