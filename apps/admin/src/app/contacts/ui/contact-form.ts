import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CONTACT_LIMITS, CONTACT_TYPES } from '@ctct/shared-types';
import { startWith, switchMap } from 'rxjs';
import { ContactFormField, ContactFormGroup, fieldErrorMessage } from './contact-form.model';

const LABELS: Record<ContactFormField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  jobTitle: 'Job title',
  phone: 'Phone',
  type: 'Type',
};

/** The contact's editable fields. The page owns the form group (and submits it); this only renders it. */
@Component({
  selector: 'app-contact-form',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="grid" [formGroup]="form()">
      <mat-form-field>
        <mat-label>{{ labels.firstName }}</mat-label>
        <input matInput formControlName="firstName" data-testid="first-name" autocomplete="given-name" [maxlength]="limits.firstName" />
        <mat-error data-testid="first-name-error">{{ error('firstName') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ labels.lastName }}</mat-label>
        <input matInput formControlName="lastName" data-testid="last-name" autocomplete="family-name" [maxlength]="limits.lastName" />
        <mat-error data-testid="last-name-error">{{ error('lastName') }}</mat-error>
      </mat-form-field>
      <mat-form-field class="wide">
        <mat-label>{{ labels.email }}</mat-label>
        <input
          matInput
          type="email"
          formControlName="email"
          data-testid="email"
          autocomplete="email"
          [maxlength]="limits.email"
          [errorStateMatcher]="whileTyping"
        />
        <mat-error data-testid="email-error">{{ error('email') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ labels.jobTitle }}</mat-label>
        <input
          matInput
          formControlName="jobTitle"
          data-testid="job-title"
          autocomplete="organization-title"
          [maxlength]="limits.jobTitle"
        />
        <mat-error data-testid="job-title-error">{{ error('jobTitle') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ labels.phone }}</mat-label>
        <input
          matInput
          type="tel"
          formControlName="phone"
          data-testid="phone"
          autocomplete="tel"
          [maxlength]="limits.phone"
          [errorStateMatcher]="whileTyping"
        />
        <mat-error data-testid="phone-error">{{ error('phone') }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ labels.type }}</mat-label>
        <mat-select formControlName="type" data-testid="type">
          @for (type of types; track type) {
            <mat-option [value]="type">{{ type }}</mat-option>
          }
        </mat-select>
        <mat-error data-testid="type-error">{{ error('type') }}</mat-error>
      </mat-form-field>
    </div>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
      gap: 4px 16px;
    }
    .wide {
      grid-column: 1 / -1;
    }
    mat-option {
      text-transform: capitalize;
    }
  `,
})
export class ContactForm {
  readonly form = input.required<ContactFormGroup>();

  protected readonly labels = LABELS;
  protected readonly limits = CONTACT_LIMITS;
  protected readonly types = CONTACT_TYPES;
  /** Email and phone are checked as they are typed, not only when the field is left or the form sent. */
  protected readonly whileTyping = new ShowOnDirtyErrorStateMatcher();

  /**
   * Errors can be set from outside (server validation) without any event in this template; reading the form's
   * event stream as a signal re-renders the messages under OnPush/zoneless.
   */
  private readonly formEvent = toSignal(toObservable(this.form).pipe(switchMap((form) => form.events.pipe(startWith(null)))));

  protected error(field: ContactFormField): string | null {
    this.formEvent();
    return fieldErrorMessage(this.form().controls[field].errors, LABELS[field]);
  }
}
