import { AbstractControl, FormControl, FormGroup, ValidationErrors, Validators } from '@angular/forms';
import { CONTACT_LIMITS, ContactDto, ContactType, CreateContactRequest, FieldError, UpdateContactRequest } from '@ctct/shared-types';

/** The editable fields of a contact (Do Not Email saves on its own and is not part of this form). */
export type ContactFormGroup = FormGroup<{
  firstName: FormControl<string>;
  lastName: FormControl<string>;
  email: FormControl<string>;
  jobTitle: FormControl<string>;
  phone: FormControl<string>;
  type: FormControl<ContactType>;
}>;
export type ContactFormValue = ReturnType<ContactFormGroup['getRawValue']>;
export type ContactFormField = keyof ContactFormValue;

export const CONTACT_FORM_FIELDS: readonly ContactFormField[] = ['firstName', 'lastName', 'email', 'jobTitle', 'phone', 'type'];

/** A basic shape check (something@something.tld); the API has the last word. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Digits, spaces and the usual separators, an optional leading +, an optional extension ("ext 12", "x12"). */
const PHONE_SHAPE = /^\+?[\d\s()./-]+((\s*(ext\.?|x)\s*)\d{1,6})?$/i;

/**
 * A phone number as people write it ("+1 (555) 010-2030", "030 1234567 ext 12"): the usual characters only, and
 * 6 to 15 digits before any extension (the most E.164 allows). Empty is fine: the field is optional.
 */
export function phoneNumber(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim();
  if (!value) return null;
  if (!PHONE_SHAPE.test(value)) return { phone: true };
  const digits = value.replace(/(ext\.?|x)\s*\d+$/i, '').replace(/\D/g, '').length;
  return digits >= 6 && digits <= 15 ? null : { phone: true };
}

export function createContactForm(): ContactFormGroup {
  const text = (max: number) => new FormControl('', { nonNullable: true, validators: [Validators.maxLength(max)] });
  return new FormGroup({
    firstName: text(CONTACT_LIMITS.firstName),
    lastName: text(CONTACT_LIMITS.lastName),
    email: new FormControl('', {
      nonNullable: true,
      validators: [Validators.maxLength(CONTACT_LIMITS.email), Validators.pattern(EMAIL_PATTERN)],
    }),
    jobTitle: text(CONTACT_LIMITS.jobTitle),
    phone: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(CONTACT_LIMITS.phone), phoneNumber] }),
    type: new FormControl<ContactType>('customer', { nonNullable: true, validators: [Validators.required] }),
  });
}

export function toFormValue(contact: ContactDto): ContactFormValue {
  return {
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    email: contact.email ?? '',
    jobTitle: contact.jobTitle ?? '',
    phone: contact.phone ?? '',
    type: contact.type,
  };
}

/** Form text → API value: trimmed, and empty means "no value" (null). */
function clean(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Only the fields whose value differs from the saved contact: the PATCH body. */
export function changedFields(saved: ContactDto, value: ContactFormValue): UpdateContactRequest {
  const changes: UpdateContactRequest = {};
  for (const field of ['firstName', 'lastName', 'email', 'jobTitle', 'phone'] as const) {
    const next = clean(value[field]);
    if (next !== (saved[field] ?? null)) changes[field] = next;
  }
  if (value.type !== saved.type) changes.type = value.type;
  return changes;
}

export function toCreateRequest(value: ContactFormValue, doNotEmail: boolean): CreateContactRequest {
  return {
    firstName: clean(value.firstName),
    lastName: clean(value.lastName),
    email: clean(value.email),
    jobTitle: clean(value.jobTitle),
    phone: clean(value.phone),
    type: value.type,
    doNotEmail,
  };
}

/**
 * Puts each server message on its form control (as the `server` error) and returns the ones that belong to no
 * control, for a summary above the form.
 */
export function applyServerErrors(form: ContactFormGroup, fields: readonly FieldError[]): FieldError[] {
  const unmatched: FieldError[] = [];
  for (const error of fields) {
    const control = (CONTACT_FORM_FIELDS as readonly string[]).includes(error.field)
      ? form.controls[error.field as ContactFormField]
      : null;
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: error.message });
      control.markAsTouched();
    } else {
      unmatched.push(error);
    }
  }
  return unmatched;
}

/** The message under a field: server first (it is the most specific), then the local validators. */
export function fieldErrorMessage(errors: Record<string, unknown> | null, label: string): string | null {
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return withSubject(label, errors['server']);
  if (errors['required']) return `${label} is required.`;
  if (errors['maxlength']) {
    const { requiredLength } = errors['maxlength'] as { requiredLength: number };
    return `${label} must be at most ${requiredLength} characters.`;
  }
  if (errors['phone']) return 'Enter a phone number of 6 to 15 digits, like +1 555 010 2030.';
  if (errors['pattern'] || errors['email']) return 'Enter an email address like name@example.com.';
  return `${label} is not valid.`;
}

/**
 * The API reports field messages without their subject ("must be a valid email address…"); put the
 * field's label in front so the sentence reads on its own. Messages that already start a sentence stay as they are.
 */
export function withSubject(subject: string, message: string): string {
  return /^[a-z]/.test(message) ? `${subject} ${message}` : message;
}
