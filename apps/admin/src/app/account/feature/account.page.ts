import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { filter, switchMap } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { ApiError, toApiError } from '../../core/http/api-error';
import { confirm } from '../../shared/confirm-dialog/confirm-dialog';
import { Icon } from '../../shared/icon/icon';
import { plainMessage } from '../../shared/wording/plain-language';
import type { FieldError } from '@ctct/shared-types';
import { AccountApi } from '../data-access/account.api';
import {
  PASSWORD_LABELS,
  PASSWORD_LIMITS,
  PasswordField,
  applyServerErrors,
  createPasswordForm,
  passwordErrorMessage,
  toChangePasswordRequest,
} from '../data-access/password-form';

export const PASSWORD_CHANGED_MESSAGE =
  'Your password is changed. Every other browser and device signed in as you was signed out; this one stays signed in.';

/** An error as the page shows it: one sentence. */
interface ShownError {
  text: string;
}

/**
 * The API's own message through plainMessage (no codes or paths in the sentence); the admin's fallback wording is
 * already plain. A 429 is the sign-in throttle here, not Constant Contact (which plainMessage would name).
 */
function shownError(error: ApiError, unmatched: readonly FieldError[] = []): ShownError {
  if (error.status === 429) return { text: 'Too many attempts. Wait a minute, then try again.' };
  if (unmatched.length > 0) return { text: unmatched.map((field) => plainMessage(`${field.field} ${field.message}`).text).join(' ') };
  return { text: error.fromServer ? plainMessage(error.message).text : error.message };
}

/** /account: change the password, or end every session of the signed-in user ("Sign out everywhere"). */
@Component({
  selector: 'app-account-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, Icon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Account</h1>
    @if (user(); as u) {
      <p class="signed-in" data-testid="account-email">Signed in as {{ u.email }}</p>
    }

    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p class="hint">
        At least {{ limits.min }} characters. Changing it signs you out in every other browser and device; this one stays signed in.
      </p>
      @if (passwordChanged()) {
        <p class="message success" role="status" data-testid="password-changed">{{ changedMessage }}</p>
      }
      @if (passwordError(); as message) {
        <p class="message error" role="alert" data-testid="password-error">{{ message.text }}</p>
      }
      <form [formGroup]="form" (ngSubmit)="changePassword()" novalidate>
        <mat-form-field>
          <mat-label>{{ labels.currentPassword }}</mat-label>
          <input
            matInput
            type="password"
            formControlName="currentPassword"
            autocomplete="current-password"
            required
            [errorStateMatcher]="whileTyping"
            data-testid="current-password"
          />
          <mat-error data-testid="current-password-error">{{ error('currentPassword') }}</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ labels.newPassword }}</mat-label>
          <input
            matInput
            type="password"
            formControlName="newPassword"
            autocomplete="new-password"
            required
            [errorStateMatcher]="whileTyping"
            data-testid="new-password"
          />
          <mat-hint>At least {{ limits.min }} characters.</mat-hint>
          <mat-error data-testid="new-password-error">{{ error('newPassword') }}</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ labels.confirmPassword }}</mat-label>
          <input
            matInput
            type="password"
            formControlName="confirmPassword"
            autocomplete="new-password"
            required
            [errorStateMatcher]="whileTyping"
            data-testid="confirm-password"
          />
          <mat-error data-testid="confirm-password-error">{{ error('confirmPassword') }}</mat-error>
        </mat-form-field>
        <div class="actions">
          <button mat-flat-button type="submit" [disabled]="changing()" data-testid="change-password">
            {{ changing() ? 'Changing password…' : 'Change password' }}
          </button>
        </div>
      </form>
    </section>

    <section class="card" aria-labelledby="everywhere-title">
      <h2 id="everywhere-title">Sign out everywhere</h2>
      <p class="hint">
        Ends every session signed in as you: other browsers, other devices and this one. Use it when you signed in on a computer that is not
        yours, or lost a device.
      </p>
      @if (signOutError(); as message) {
        <p class="message error" role="alert" data-testid="sign-out-everywhere-error">{{ message.text }}</p>
      }
      <div class="actions">
        <button mat-stroked-button type="button" [disabled]="signingOut()" (click)="signOutEverywhere()" data-testid="sign-out-everywhere">
          <app-icon name="logout" />
          {{ signingOut() ? 'Signing out everywhere…' : 'Sign out everywhere' }}
        </button>
      </div>
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
      max-width: 640px;
      padding: 16px 24px 24px;
    }
    .signed-in {
      margin: 0;
    }
    .card {
      padding: 16px 24px 24px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
    }
    h2 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-large);
    }
    .hint {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .actions {
      display: flex;
      justify-content: flex-start;
    }
    .message {
      margin: 0 0 16px;
      padding: 8px 12px;
      border-radius: 8px;
    }
    .message.success {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .message.error {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class AccountPage {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);

  protected readonly user = this.auth.user;
  protected readonly labels = PASSWORD_LABELS;
  protected readonly limits = PASSWORD_LIMITS;
  protected readonly changedMessage = PASSWORD_CHANGED_MESSAGE;
  /**
   * Checked as typed, not only when the field is left or the form sent. Unlike ShowOnDirtyErrorStateMatcher it ignores
   * "submitted" (Change password marks every field dirty instead), so the emptied form after a change shows no errors.
   */
  protected readonly whileTyping: ErrorStateMatcher = { isErrorState: (control) => !!control?.invalid && !!control.dirty };

  protected readonly form = createPasswordForm();
  protected readonly changing = signal(false);
  protected readonly passwordChanged = signal(false);
  protected readonly passwordError = signal<ShownError | null>(null);
  protected readonly signingOut = signal(false);
  protected readonly signOutError = signal<ShownError | null>(null);

  /** Server errors are set without a template event: reading the form's events as a signal re-renders the messages. */
  private readonly formEvent = toSignal(this.form.events);

  constructor() {
    // A success or failure message is about what was sent: it goes once the user types again.
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      this.passwordChanged.set(false);
      this.passwordError.set(null);
    });
  }

  protected error(field: PasswordField): string | null {
    this.formEvent();
    return passwordErrorMessage(field, this.form.controls[field]);
  }

  protected changePassword(): void {
    if (this.changing()) return;
    // Submitting shows every field's message, also of the fields not typed in yet.
    Object.values(this.form.controls).forEach((control) => control.markAsDirty());
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.changing.set(true);
    this.passwordError.set(null);
    this.api.changePassword(toChangePasswordRequest(this.form)).subscribe({
      next: () => {
        this.changing.set(false);
        // Emptied without an event, which would clear the success message just shown.
        this.form.reset(undefined, { emitEvent: false });
        this.passwordChanged.set(true);
      },
      error: (err: unknown) => {
        this.changing.set(false);
        const apiError = toApiError(err);
        const unmatched = applyServerErrors(this.form, apiError.fields);
        // Messages on the fields say it all; otherwise the API's sentence goes above the form.
        if (apiError.fields.length === 0 || unmatched.length > 0) {
          this.passwordError.set(shownError(apiError, unmatched));
        }
      },
    });
  }

  protected signOutEverywhere(): void {
    confirm(this.dialog, {
      title: 'Sign out everywhere?',
      message: 'Every browser and device signed in as you is signed out, including this one.',
      consequences: ['You go to the sign-in page and sign in again with your password.', 'Work not yet saved in any open tab is lost.'],
      confirmLabel: 'Sign out everywhere',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.signingOut.set(true);
          this.signOutError.set(null);
          return this.api.signOutEverywhere();
        }),
      )
      .subscribe({
        next: () => this.auth.signedOut(),
        error: (err: unknown) => {
          this.signingOut.set(false);
          this.signOutError.set(shownError(toApiError(err)));
        },
      });
  }
}
