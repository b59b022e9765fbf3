import { DatePipe, Location } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
} from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import type { ContactDto, FieldError, InteractionDto, Page, PushDto } from '@ctct/shared-types';
import { map, tap } from 'rxjs';
import { ApiError, toApiError } from '../../core/http/api-error';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { HasUnsavedChanges, warnBeforeUnload } from '../../core/unsaved-changes';
import { SyncApi } from '../../sync/data-access/sync.api';
import { plainMessage } from '../../shared/wording/plain-language';
import { PlainMessageText } from '../../shared/ui/plain-message';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { Icon } from '../../shared/icon/icon';
import { EmptyState } from '../../shared/page-state/empty-state';
import { ErrorState } from '../../shared/page-state/error-state';
import { LoadingState } from '../../shared/page-state/loading-state';
import { contactDisplayName } from '../data-access/contact-display';
import { ContactsApi } from '../data-access/contacts.api';
import { ContactForm } from '../ui/contact-form';
import { CtctStatusCard } from '../ui/ctct-status-card';
import { EngagementSummary } from '../ui/engagement-summary';
import { InteractionsTimeline } from '../ui/interactions-timeline';
import { applyServerErrors, changedFields, createContactForm, toCreateRequest, toFormValue, withSubject } from '../ui/contact-form.model';
import { DoNotEmailToggle, SaveState } from '../ui/do-not-email-toggle';
import { PushState } from '../ui/push-state';
import { DuplicateEmailNotice } from '../ui/duplicate-email-notice';
import { ConsentTimelineCard } from '../ui/consent-timeline-card';

/** Navigation state passed from create to the new record so the duplicate notice survives the redirect. */
interface RecordNavigationState {
  duplicateEmailContactIds?: string[];
}

/** /contacts/new (create) and /contacts/:id (view, edit, Do Not Email, delete). */
@Component({
  selector: 'app-contact-record-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    Icon,
    ContactForm,
    DoNotEmailToggle,
    PushState,
    DuplicateEmailNotice,
    LoadingState,
    EmptyState,
    ErrorState,
    CtctStatusCard,
    EngagementSummary,
    InteractionsTimeline,
    PlainMessageText,
    ConsentTimelineCard,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './contact-record.page.html',
  styleUrl: './contact-record.page.scss',
})
export class ContactRecordPage implements HasUnsavedChanges {
  private readonly api = inject(ContactsApi);
  private readonly syncApi = inject(SyncApi);
  private readonly connection = inject(ConnectionStatusService);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly location = inject(Location);

  /** Route param `:id`; undefined on /contacts/new. */
  readonly id = input<string>();
  protected readonly isCreate = computed(() => this.id() === undefined);

  protected readonly form = createContactForm();
  private readonly formValue = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });

  protected readonly record = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.get(id).pipe(tap((contact) => this.resetForm(contact))),
  });
  /** The contact as last saved on the server (updated after each save). */
  protected readonly contact = computed(() => (this.record.hasValue() ? this.record.value() : undefined));
  protected readonly loadError = computed(() => {
    const error = this.record.error();
    return error ? toApiError(error) : null;
  });
  protected readonly title = computed(() => {
    const contact = this.contact();
    return this.isCreate() ? 'New contact' : contact ? contactDisplayName(contact) : 'Contact';
  });

  /** The PATCH body the Save button would send. */
  protected readonly changes = computed(() => {
    const contact = this.contact();
    return contact ? changedFields(contact, this.formValue()) : {};
  });
  protected readonly hasChanges = computed(() => this.isCreate() || Object.keys(this.changes()).length > 0);

  protected readonly saving = signal(false);
  protected readonly formErrors = signal<FieldError[]>([]);
  protected readonly formErrorMessage = signal<string | null>(null);
  /** Other contacts sharing this email, as the last save answered (or the create that led here). */
  protected readonly duplicateEmailContactIds = linkedSignal<string | undefined, string[]>({
    source: this.id,
    computation: () => (this.location.getState() as RecordNavigationState | null)?.duplicateEmailContactIds ?? [],
  });

  protected readonly doNotEmail = signal(false);
  protected readonly doNotEmailState = linkedSignal<string | undefined, SaveState>({ source: this.id, computation: () => 'idle' });
  protected readonly doNotEmailFailure = signal<string | null>(null);

  protected readonly deleting = signal(false);
  /** Set once the user chose to leave (saved, deleted): the unsaved-changes prompt must not ask then. */
  private leaving = false;

  /** The CC side, engagement and Interactions load once the contact is there (a missing contact asks nothing more). */
  private readonly loadedId = computed(() => this.contact()?.id);
  /** The contact's newest opt-out push; polled while it is on its way (see followPush). */
  protected readonly optOutPush = signal<PushDto | null>(null);
  /** The contact's newest name/email push (a linked contact's edits, or convergence's fix); followed like the opt-out. */
  protected readonly fieldPush = signal<PushDto | null>(null);
  protected readonly resubscribing = signal(false);
  private pushPoll: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    // Show where the last opt-out stands as soon as the contact is loaded (and keep following it if pending).
    effect(() => {
      const id = this.loadedId();
      if (id) untracked(() => this.followPush(id));
    });
    inject(DestroyRef).onDestroy(() => {
      if (this.pushPoll) clearTimeout(this.pushPoll);
    });
    warnBeforeUnload(() => this.hasUnsavedChanges());
  }

  /** Edits not saved yet (the canDeactivate guard and closing the tab ask before they are lost). */
  hasUnsavedChanges(): boolean {
    if (this.leaving) return false;
    return this.isCreate() ? this.form.dirty : this.form.dirty && Object.keys(this.changes()).length > 0;
  }

  protected readonly ctctStatus = rxResource({ params: () => this.loadedId(), stream: ({ params: id }) => this.api.ctctStatus(id) });
  /** Where Do Not Email stands, as the API's state machine says (reloaded when a toggle or an opt-out settles). */
  protected readonly dneState = rxResource({ params: () => this.loadedId(), stream: ({ params: id }) => this.api.doNotEmailState(id) });
  protected readonly ctctStatusError = computed(() => {
    const error = this.ctctStatus.error();
    return error ? toApiError(error).message : null;
  });
  /** Linked: CC knows the person, so an opt-out changes something there (the CRM record may lag the status call). */
  protected readonly linked = computed(
    () => !!this.contact()?.ctctContactId || (this.ctctStatus.hasValue() && !!this.ctctStatus.value()?.linked),
  );
  /** The synced CC lists (deleted ones too), to name the lists on the Constant Contact card. */
  protected readonly ctctLists = rxResource({
    params: () => (this.linked() ? true : undefined),
    stream: ({ params }) => this.syncApi.lists(params),
  });
  /** Why the re-subscribe email cannot be asked for now (Constant Contact missing). */
  protected readonly resubscribeBlocked = this.connection.blockedReason;

  protected readonly engagement = rxResource({ params: () => this.loadedId(), stream: ({ params: id }) => this.api.engagement(id) });
  protected readonly engagementError = computed(() => {
    const error = this.engagement.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly interactionsFirstPage = rxResource({
    params: () => this.loadedId(),
    stream: ({ params: id }) => this.api.interactions(id),
  });
  /** The first page, then whatever "Load more" appended. */
  protected readonly interactions = linkedSignal<Page<InteractionDto> | undefined, Page<InteractionDto> | undefined>({
    source: () => (this.interactionsFirstPage.hasValue() ? this.interactionsFirstPage.value() : undefined),
    computation: (page) => page,
  });
  protected readonly interactionsError = computed(() => {
    const error = this.interactionsFirstPage.error();
    return error ? toApiError(error).message : null;
  });
  protected readonly loadingMoreInteractions = signal(false);

  /** 404, or the API refusing an id that is not even a UUID (400 on `id`): either way there is no such contact. */
  protected isNotFound(error: ApiError): boolean {
    return error.status === 404 || (error.status === 400 && error.fields.some((f) => f.field === 'id'));
  }

  protected fieldSentence(error: FieldError): string {
    return withSubject(error.field, error.message);
  }

  protected reload(): void {
    this.record.reload();
  }

  protected reloadCtctStatus(): void {
    this.ctctStatus.reload();
  }

  protected reloadEngagement(): void {
    this.engagement.reload();
    this.interactionsFirstPage.reload();
  }

  protected loadMoreInteractions(): void {
    const id = this.loadedId();
    const cursor = this.interactions()?.nextCursor;
    if (!id || !cursor || this.loadingMoreInteractions()) return;
    this.loadingMoreInteractions.set(true);
    this.api.interactions(id, cursor).subscribe({
      next: (page) => {
        this.loadingMoreInteractions.set(false);
        this.interactions.update((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
      },
      error: (err: unknown) => {
        this.loadingMoreInteractions.set(false);
        this.snackBar.open(`Could not load more: ${toApiError(err).message}`, 'Dismiss', { duration: 5000 });
      },
    });
  }

  protected save(): void {
    if (this.saving()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.formErrors.set([]);
    this.formErrorMessage.set(null);

    const contact = this.contact();
    if (this.isCreate()) {
      this.saving.set(true);
      this.api.create(toCreateRequest(this.form.getRawValue(), this.doNotEmail())).subscribe({
        next: ({ contact: created, duplicateEmailContactIds }) => {
          this.saving.set(false);
          this.leaving = true;
          this.snackBar.open('Contact created', undefined, { duration: 3000 });
          const state: RecordNavigationState = { duplicateEmailContactIds };
          void this.router.navigate(['/contacts', created.id], { replaceUrl: true, state });
        },
        error: (err: unknown) => this.saveFailed(err),
      });
      return;
    }
    if (!contact) return;
    const changes = this.changes();
    if (Object.keys(changes).length === 0) return;
    this.saving.set(true);
    this.api.update(contact.id, changes).subscribe({
      next: ({ contact: saved, duplicateEmailContactIds }) => {
        this.saving.set(false);
        this.record.set(saved);
        this.resetForm(saved);
        this.duplicateEmailContactIds.set(duplicateEmailContactIds);
        this.snackBar.open('Contact saved', undefined, { duration: 3000 });
        // A linked contact's new name or email goes to Constant Contact: follow that push.
        if (saved.ctctContactId && ('email' in changes || 'firstName' in changes || 'lastName' in changes)) this.followPush(saved.id);
      },
      error: (err: unknown) => this.saveFailed(err),
    });
  }

  private saveFailed(err: unknown): void {
    this.saving.set(false);
    const error = toApiError(err);
    const unmatched = applyServerErrors(this.form, error.fields);
    this.formErrors.set(unmatched);
    // A field-level problem speaks for itself under the field; otherwise say what failed.
    if (error.fields.length === 0 || unmatched.length > 0) this.formErrorMessage.set(error.message);
  }

  /** Cancel: drop unsaved edits (edit mode) or leave (create mode). */
  protected cancel(): void {
    const contact = this.contact();
    if (this.isCreate() || !contact) {
      this.leaving = true; // Cancel means "drop it": no second question
      void this.router.navigate(['/contacts']);
      return;
    }
    this.resetForm(contact);
  }

  protected doNotEmailToggled(checked: boolean): void {
    if (this.isCreate()) {
      this.doNotEmail.set(checked);
      return;
    }
    const contact = this.contact();
    if (!contact) return;
    // Unsubscribing a linked contact in CC cannot be undone from here: say so before doing it.
    if (checked && this.linked() && !this.unsubscribedInCtct()) {
      confirm(this.dialog, {
        title: 'Unsubscribe in Constant Contact too?',
        message:
          `${contactDisplayName(contact)} is in Constant Contact. ` +
          `Turning on Do Not Email also unsubscribes ${contact.email ?? 'them'} there.`,
        consequences: [
          'Constant Contact stops sending them any email, from every list.',
          'This cannot be undone from the CRM: only the person can opt back in, through the re-subscribe email Constant Contact sends.',
        ],
        confirmLabel: 'Turn on and unsubscribe',
        destructive: true,
      }).subscribe((confirmed) => {
        if (confirmed) this.saveDoNotEmail(contact, true);
      });
      return;
    }
    this.saveDoNotEmail(contact, checked);
  }

  private saveDoNotEmail(contact: ContactDto, checked: boolean): void {
    this.doNotEmail.set(checked); // optimistic: the switch shows it while it saves
    this.doNotEmailState.set('saving');
    this.doNotEmailFailure.set(null);
    this.api.update(contact.id, { doNotEmail: checked }).subscribe({
      next: ({ contact: saved }) => {
        // Only the flag and timestamps: unsaved edits in the form stay as they are.
        const current = this.contact() ?? saved;
        this.record.set({ ...current, doNotEmail: saved.doNotEmail, updatedAt: saved.updatedAt });
        this.doNotEmail.set(saved.doNotEmail);
        this.doNotEmailState.set('saved');
        this.dneState.reload();
        this.followPush(contact.id);
      },
      error: (err: unknown) => {
        this.doNotEmail.set(!checked);
        this.doNotEmailFailure.set(toApiError(err).message);
        this.doNotEmailState.set('failed');
        this.dneState.reload();
        // A refusal often means CC's side changed (e.g. the person unsubscribed there): show what CC says now.
        this.ctctStatus.reload();
      },
    });
  }

  /** Reads the newest opt-out and name/email pushes, again every second while one is pending (at most a minute). */
  protected followPush(contactId: string, polls = 60): void {
    if (this.pushPoll) clearTimeout(this.pushPoll);
    this.api.pushes(contactId).subscribe({
      next: (pushes) => {
        const latest = pushes.find((push) => push.kind === 'opt_out') ?? null;
        const field = pushes.find((push) => push.kind === 'update') ?? null;
        this.optOutPush.set(latest);
        this.fieldPush.set(field);
        const onItsWay = (push: PushDto | null) => !!push && (push.status === 'pending' || push.status === 'delivering');
        if ((onItsWay(latest) || onItsWay(field)) && polls > 0 && this.contact()?.id === contactId) {
          this.pushPoll = setTimeout(() => this.followPush(contactId, polls - 1), 1_000);
        } else if (latest?.status === 'delivered') {
          this.ctctStatus.reload();
          this.dneState.reload();
        }
      },
      error: () => this.optOutPush.set(null),
    });
  }

  /** Constant Contact's re-subscribe email: offered when CC has the person unsubscribed. */
  protected resubscribe(): void {
    const contact = this.contact();
    if (!contact || this.resubscribing()) return;
    this.resubscribing.set(true);
    this.api.resubscribe(contact.id).subscribe({
      next: ({ message }) => {
        this.resubscribing.set(false);
        this.snackBar.open(message, 'OK', { duration: 8_000 });
        this.dneState.reload();
      },
      error: (err: unknown) => {
        this.resubscribing.set(false);
        this.snackBar.open(plainMessage(toApiError(err).message).text, 'OK', { duration: 8_000 });
      },
    });
  }

  /**
   * CC has the person unsubscribed (the CC contact the state follows, which after a re-creation in CC is not the
   * linked one): only CC's re-subscribe email can turn Do Not Email off, so the record offers it.
   */
  protected readonly unsubscribedInCtct = computed(() => this.dneState.hasValue() && this.dneState.value()?.state === 'unsubscribed');
  /** CC's re-subscribe email went out; CC still has them unsubscribed until they confirm it. */
  private readonly resubscribeRequested = computed(
    () => this.dneState.hasValue() && this.dneState.value()?.state === 'resubscribe_requested',
  );
  /** The state machine's sentence, e.g. why Do Not Email cannot be turned off and what to do instead. */
  protected readonly dneMessage = computed(() => (this.dneState.hasValue() ? (this.dneState.value()?.message ?? null) : null));
  /**
   * CC has them unsubscribed (also while its re-subscribe email waits for their answer) and the CRM says Do Not Email:
   * the API refuses to turn it off, so the switch cannot be used.
   */
  protected readonly doNotEmailLocked = computed(() => {
    if (!this.doNotEmail()) return null;
    if (this.unsubscribedInCtct()) {
      return (
        'Constant Contact has this person unsubscribed, so Do Not Email stays on. ' +
        "Only they can opt back in: send them Constant Contact's re-subscribe email below."
      );
    }
    if (this.resubscribeRequested()) {
      return (
        'Constant Contact has this person unsubscribed, so Do Not Email stays on. ' +
        "Constant Contact's re-subscribe email went to them: it turns off once they confirm it."
      );
    }
    return null;
  });

  protected delete(): void {
    const contact = this.contact();
    if (!contact || this.deleting()) return;
    confirm(this.dialog, {
      title: 'Delete this contact?',
      message: `${contactDisplayName(contact)} will be removed from the CRM contact list.`,
      confirmLabel: 'Delete',
      destructive: true,
    }).subscribe((confirmed) => {
      if (!confirmed) return;
      this.deleting.set(true);
      this.api.remove(contact.id).subscribe({
        next: () => {
          this.deleting.set(false);
          this.leaving = true;
          this.snackBar.open('Contact deleted', undefined, { duration: 3000 });
          void this.router.navigate(['/contacts']);
        },
        error: (err: unknown) => {
          this.deleting.set(false);
          this.snackBar.open(`The contact was not deleted. ${plainMessage(toApiError(err).message).text}`, 'Dismiss');
        },
      });
    });
  }

  private resetForm(contact: ContactDto): void {
    this.form.reset(toFormValue(contact));
    this.doNotEmail.set(contact.doNotEmail);
    this.formErrors.set([]);
    this.formErrorMessage.set(null);
  }
}
