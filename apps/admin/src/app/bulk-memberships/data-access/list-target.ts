import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import type { BulkTarget, CtctListDto } from '@ctct/shared-types';

/** The radio value of "Create a new list" (CC list ids are UUIDs, so it cannot clash). */
export const NEW_LIST = 'new';
export const LIST_NAME_MAX = 255;

export type ListTargetForm = FormGroup<{
  /** A list id, or NEW_LIST. */
  choice: FormControl<string | null>;
  /** Enabled only while `choice` is NEW_LIST, so it counts for validity only then. */
  newListName: FormControl<string>;
}>;

export function notBlank(control: AbstractControl<string | null>): ValidationErrors | null {
  return control.value && control.value.trim() ? null : { required: true };
}

/** The synced CC lists by lower-cased, trimmed name; null while unknown. */
export type ListsByName = () => ReadonlyMap<string, CtctListDto> | null;

export function listsByName(lists: readonly CtctListDto[]): ReadonlyMap<string, CtctListDto> {
  return new Map(lists.map((list) => [list.name.trim().toLowerCase(), list]));
}

/**
 * A new list's name must not be one Constant Contact already has (CC refuses it, and the preview would fail):
 * checked against the synced lists as it is typed, naming the list to pick instead.
 */
export function uniqueListName(known: ListsByName): ValidatorFn {
  return (control: AbstractControl<string>): ValidationErrors | null => {
    const existing = known()?.get((control.value ?? '').trim().toLowerCase());
    return existing ? { taken: { listId: existing.listId, name: existing.name } } : null;
  };
}

export function createListTargetForm(known: ListsByName = () => null): ListTargetForm {
  const form: ListTargetForm = new FormGroup({
    choice: new FormControl<string | null>(null, Validators.required),
    newListName: new FormControl(
      { value: '', disabled: true },
      { nonNullable: true, validators: [notBlank, Validators.maxLength(LIST_NAME_MAX), uniqueListName(known)] },
    ),
  });
  form.controls.choice.valueChanges.subscribe((choice) => {
    const name = form.controls.newListName;
    if (choice === NEW_LIST) name.enable({ emitEvent: false });
    else name.disable({ emitEvent: false });
    form.updateValueAndValidity();
  });
  return form;
}

/** The API's target for a valid form; null while nothing (valid) is chosen. */
export function toBulkTarget(form: ListTargetForm): BulkTarget | null {
  if (form.invalid) return null;
  const { choice, newListName } = form.getRawValue();
  if (choice === NEW_LIST) return { newListName: newListName.trim() };
  return choice ? { listId: choice } : null;
}

/** The first error of the new list name, in words. */
export function listNameError(control: FormControl<string>): string | null {
  const errors = control.errors;
  if (!errors) return null;
  if (errors['server']) return String(errors['server']);
  if (errors['taken']) {
    const { name } = errors['taken'] as { name: string };
    return `Constant Contact already has a list called “${name}”. Pick it from the lists above, or choose another name.`;
  }
  if (errors['required']) return 'Enter a name for the new list.';
  if (errors['maxlength']) return `At most ${LIST_NAME_MAX} characters.`;
  return 'Check the name.';
}
