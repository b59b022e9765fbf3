import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import type { ChangePasswordRequest, FieldError } from '@ctct/shared-types';

/** The API's limits (ChangePasswordDto): checked here as the user types, the API has the last word. */
export const PASSWORD_LIMITS = { min: 12, max: 200, currentMax: 500 } as const;

export type PasswordFormGroup = FormGroup<{
  currentPassword: FormControl<string>;
  newPassword: FormControl<string>;
  confirmPassword: FormControl<string>;
}>;
export type PasswordField = keyof PasswordFormGroup['controls'];

export const PASSWORD_LABELS: Record<PasswordField, string> = {
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
};

/** The new password, when it repeats the current one (the API refuses that too). */
function differsFromCurrent(control: AbstractControl<string>): ValidationErrors | null {
  const current = control.parent?.get('currentPassword')?.value as string | undefined;
  return control.value && current && control.value === current ? { sameAsCurrent: true } : null;
}

function matchesNewPassword(control: AbstractControl<string>): ValidationErrors | null {
  const next = control.parent?.get('newPassword')?.value as string | undefined;
  return control.value && control.value !== next ? { mismatch: true } : null;
}

export function createPasswordForm(): PasswordFormGroup {
  const form: PasswordFormGroup = new FormGroup({
    currentPassword: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(PASSWORD_LIMITS.currentMax)],
    }),
    newPassword: new FormControl('', {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.minLength(PASSWORD_LIMITS.min),
        Validators.maxLength(PASSWORD_LIMITS.max),
        differsFromCurrent,
      ],
    }),
    confirmPassword: new FormControl('', { nonNullable: true, validators: [Validators.required, matchesNewPassword] }),
  });
  // Each check compares with a sibling: re-check it when the sibling changes (the subscriptions live as long as the form).
  form.controls.currentPassword.valueChanges.subscribe(() => form.controls.newPassword.updateValueAndValidity({ emitEvent: false }));
  form.controls.newPassword.valueChanges.subscribe(() => form.controls.confirmPassword.updateValueAndValidity({ emitEvent: false }));
  return form;
}

/** The request body: the confirmation stays in the browser. */
export function toChangePasswordRequest(form: PasswordFormGroup): ChangePasswordRequest {
  const { currentPassword, newPassword } = form.getRawValue();
  return { currentPassword, newPassword };
}

/** The sentence under a field, naming it; a server message first (it is the most specific). */
export function passwordErrorMessage(field: PasswordField, control: AbstractControl<string>): string | null {
  const errors = control.errors;
  if (!errors) return null;
  const label = PASSWORD_LABELS[field];
  if (typeof errors['server'] === 'string') return sentence(label, errors['server']);
  if (errors['required']) return `${label} is required.`;
  if (errors['minlength']) {
    const { requiredLength, actualLength } = errors['minlength'] as { requiredLength: number; actualLength: number };
    return `${label} must be at least ${requiredLength} characters (${actualLength} so far).`;
  }
  if (errors['maxlength'])
    return `${label} must be at most ${(errors['maxlength'] as { requiredLength: number }).requiredLength} characters.`;
  if (errors['sameAsCurrent']) return `${label} must differ from the current password.`;
  if (errors['mismatch']) return `${label} does not match the new password.`;
  return `${label} is not valid.`;
}

/**
 * Puts each API field message on its control (as the `server` error, shown at once) and returns those that belong
 * to no control, for the message above the form.
 */
export function applyServerErrors(form: PasswordFormGroup, fields: readonly FieldError[]): FieldError[] {
  const unmatched: FieldError[] = [];
  for (const error of fields) {
    const control = error.field in form.controls ? form.controls[error.field as PasswordField] : null;
    if (!control) {
      unmatched.push(error);
      continue;
    }
    control.setErrors({ ...(control.errors ?? {}), server: error.message });
    // The fields show errors once dirty (as typed): a refused value counts as typed.
    control.markAsDirty();
    control.markAsTouched();
  }
  return unmatched;
}

/** The API writes "is not your current password" without a subject: the label goes in front, a full stop at the end. */
function sentence(label: string, message: string): string {
  const text = /^[a-z]/.test(message) ? `${label} ${message}` : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
