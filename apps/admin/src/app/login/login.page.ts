import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { AuthService, safeReturnUrl } from '../core/auth/auth.service';
import { toApiError } from '../core/http/api-error';
import { plainMessage } from '../shared/wording/plain-language';

const LOGIN_MESSAGES: Record<number, string> = {
  401: 'Email or password is wrong.',
  429: 'Too many failed attempts. Wait a few minutes, then try again.',
};

/** /login: email + password; after success goes back to `returnUrl` (same-app paths only) or the dashboard. */
@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="login">
      <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="login-title">
        @if (submitting()) {
          <mat-progress-bar mode="indeterminate" class="progress" aria-label="Signing in" />
        }
        <h1 id="login-title">Sign in to ctct-connect</h1>
        @if (error(); as message) {
          <p class="error" role="alert" data-testid="login-error">{{ message }}</p>
        }
        <mat-form-field>
          <mat-label>Email</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="username" data-testid="email" required />
          <mat-error>Enter your email address.</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>Password</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="current-password" data-testid="password" required />
          <mat-error>Enter your password.</mat-error>
        </mat-form-field>
        <button mat-flat-button type="submit" data-testid="sign-in" [disabled]="submitting()">
          {{ submitting() ? 'Signing in…' : 'Sign in' }}
        </button>
      </form>
    </main>
  `,
  styles: `
    .login {
      min-height: 100vh;
      display: grid;
      place-items: center;
      padding: 16px;
      background: var(--mat-sys-surface-container-low);
    }
    .card {
      position: relative;
      overflow: hidden;
      display: flex;
      flex-direction: column;
      gap: 4px;
      width: min(400px, 100%);
      padding: 32px 24px 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface);
      box-shadow: var(--mat-sys-level2);
    }
    .progress {
      position: absolute;
      top: 0;
      left: 0;
      right: 0;
    }
    h1 {
      margin: 0 0 16px;
      font: var(--mat-sys-headline-small);
    }
    .error {
      margin: 0 0 12px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** Query param `?returnUrl=` (component input binding). */
  readonly returnUrl = input<string>();

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    // "Email or password is wrong" is about what was sent: it goes as soon as the user changes either.
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.error.set(null));
  }

  protected submit(): void {
    if (this.submitting()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.submitting.set(true);
    this.error.set(null);
    const { email, password } = this.form.getRawValue();
    this.auth.login({ email: email.trim(), password }).subscribe({
      next: () => {
        this.submitting.set(false);
        void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()) ?? '/dashboard');
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        const apiError = toApiError(err);
        // The server's wording wins; without a body, say what a 401/429 means on this page.
        this.error.set(apiError.fromServer ? plainMessage(apiError.message).text : (LOGIN_MESSAGES[apiError.status] ?? apiError.message));
        // Emptied for the next try without an event: that would clear the message just shown.
        this.form.controls.password.reset('', { emitEvent: false });
      },
    });
  }
}
