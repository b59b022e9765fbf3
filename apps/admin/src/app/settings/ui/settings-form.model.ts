import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import { cronValidator } from '../data-access/schedule-display';
import {
  SYNC_JOBS,
  type FieldError,
  type IntegrationSettingsDto,
  type SyncJobName,
  type UpdateIntegrationSettingsRequest,
} from '@ctct/shared-types';

/** The settings page's three forms, one per card; each card saves only what changed in it. */
export type SettingsSection = 'schedules' | 'pushes' | 'housekeeping';

export type SchedulesForm = FormGroup<Record<SyncJobName, FormControl<string>>>;
export type PushesForm = FormGroup<{
  listMembershipTrigger: FormControl<boolean>;
  typeRulesEnabled: FormControl<boolean>;
  customer: FormControl<string>;
  supplier: FormControl<string>;
  lead: FormControl<string>;
  optOutSetsDoNotEmail: FormControl<boolean>;
}>;
export type HousekeepingForm = FormGroup<{
  apiLogRetentionDays: FormControl<number | null>;
  linkFullPassEveryDays: FormControl<number | null>;
}>;

export interface SettingsForms {
  schedules: SchedulesForm;
  pushes: PushesForm;
  housekeeping: HousekeepingForm;
}

/** Same limits as the API's UpdateSettingsDto. */
export const SETTINGS_LIMITS = {
  listName: 255,
  retentionDays: { min: 1, max: 3650 },
  fullPassDays: { min: 1, max: 90 },
} as const;

/** The names of the synced CC lists, lower-cased; null while unknown (not synced yet, or not loaded). */
export type KnownListNames = () => ReadonlySet<string> | null;

/**
 * A contact-type rule must name a list Constant Contact has: an unknown name would make the first new contact
 * of that type create a stray list in CC. Checked only while the rules are on and the synced lists are known.
 */
export function syncedListName(known: KnownListNames): ValidatorFn {
  return (control: AbstractControl<string>): ValidationErrors | null => {
    const names = known();
    const rulesOn = control.parent?.get('typeRulesEnabled')?.value === true;
    const name = (control.value ?? '').trim();
    if (!rulesOn || !names || names.size === 0 || !name) return null;
    return names.has(name.toLowerCase()) ? null : { unknownList: name };
  };
}

const listName = (known: KnownListNames) =>
  new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.maxLength(SETTINGS_LIMITS.listName), syncedListName(known)],
  });
const cron = () => new FormControl('', { nonNullable: true, validators: [Validators.required, cronValidator] });
const flag = () => new FormControl(false, { nonNullable: true });
const days = (limits: { min: number; max: number }) =>
  new FormControl<number | null>(null, [
    Validators.required,
    Validators.min(limits.min),
    Validators.max(limits.max),
    Validators.pattern(/^\d+$/),
  ]);

/** `knownLists`: the synced CC list names the type rules are checked against (call `recheckListNames` when they arrive). */
export function createSettingsForms(knownLists: KnownListNames = () => null): SettingsForms {
  const pushes: PushesForm = new FormGroup({
    listMembershipTrigger: flag(),
    typeRulesEnabled: flag(),
    customer: listName(knownLists),
    supplier: listName(knownLists),
    lead: listName(knownLists),
    optOutSetsDoNotEmail: flag(),
  });
  // Turning the rules on or off changes whether the names must be known lists.
  pushes.controls.typeRulesEnabled.valueChanges.subscribe(() => recheckListNames(pushes));
  return {
    schedules: new FormGroup({
      lists: cron(),
      'link-contacts': cron(),
      activities: cron(),
    }),
    pushes,
    housekeeping: new FormGroup({
      apiLogRetentionDays: days(SETTINGS_LIMITS.retentionDays),
      linkFullPassEveryDays: days(SETTINGS_LIMITS.fullPassDays),
    }),
  };
}

/** The synced lists changed (or the rules were switched): check the three names again. */
export function recheckListNames(pushes: PushesForm): void {
  for (const type of ['customer', 'supplier', 'lead'] as const) pushes.controls[type].updateValueAndValidity();
}

/** Puts one card's form back to what the server has. */
export function resetSection(forms: SettingsForms, section: SettingsSection, settings: IntegrationSettingsDto): void {
  switch (section) {
    case 'schedules':
      forms.schedules.reset({ ...settings.schedules });
      return;
    case 'pushes':
      forms.pushes.reset({
        listMembershipTrigger: settings.listMembershipTrigger,
        typeRulesEnabled: settings.contactTypeListRules.enabled,
        ...settings.contactTypeListRules.lists,
        optOutSetsDoNotEmail: settings.optOutSetsDoNotEmail,
      });
      return;
    case 'housekeeping':
      forms.housekeeping.reset({
        apiLogRetentionDays: settings.apiLogRetentionDays,
        linkFullPassEveryDays: settings.linkFullPassEveryDays,
      });
      return;
  }
}

/** The PATCH body for one card: only the fields whose value differs from the saved settings. */
export function sectionChanges(
  forms: SettingsForms,
  section: SettingsSection,
  saved: IntegrationSettingsDto,
): UpdateIntegrationSettingsRequest {
  const changes: UpdateIntegrationSettingsRequest = {};
  if (section === 'schedules') {
    const value = forms.schedules.getRawValue();
    const schedules: Partial<Record<SyncJobName, string>> = {};
    for (const job of SYNC_JOBS) {
      const cron = value[job].trim().replace(/\s+/g, ' ');
      if (cron !== saved.schedules[job]) schedules[job] = cron;
    }
    if (Object.keys(schedules).length) changes.schedules = schedules;
  } else if (section === 'pushes') {
    const value = forms.pushes.getRawValue();
    if (value.listMembershipTrigger !== saved.listMembershipTrigger) changes.listMembershipTrigger = value.listMembershipTrigger;
    if (value.optOutSetsDoNotEmail !== saved.optOutSetsDoNotEmail) changes.optOutSetsDoNotEmail = value.optOutSetsDoNotEmail;
    const rules: NonNullable<UpdateIntegrationSettingsRequest['contactTypeListRules']> = {};
    if (value.typeRulesEnabled !== saved.contactTypeListRules.enabled) rules.enabled = value.typeRulesEnabled;
    const lists: NonNullable<typeof rules.lists> = {};
    for (const type of ['customer', 'supplier', 'lead'] as const) {
      const name = value[type].trim();
      if (name !== saved.contactTypeListRules.lists[type]) lists[type] = name;
    }
    if (Object.keys(lists).length) rules.lists = lists;
    if (Object.keys(rules).length) changes.contactTypeListRules = rules;
  } else {
    const value = forms.housekeeping.getRawValue();
    if (value.apiLogRetentionDays !== null && Number(value.apiLogRetentionDays) !== saved.apiLogRetentionDays) {
      changes.apiLogRetentionDays = Number(value.apiLogRetentionDays);
    }
    if (value.linkFullPassEveryDays !== null && Number(value.linkFullPassEveryDays) !== saved.linkFullPassEveryDays) {
      changes.linkFullPassEveryDays = Number(value.linkFullPassEveryDays);
    }
  }
  return changes;
}

/** The API's field paths (`schedules.lists`, `contactTypeListRules.lists.lead`…) → the control that shows them. */
function controlFor(forms: SettingsForms, field: string): AbstractControl | null {
  const schedule = /^schedules\.(.+)$/.exec(field);
  if (schedule && (SYNC_JOBS as readonly string[]).includes(schedule[1])) return forms.schedules.controls[schedule[1] as SyncJobName];
  const listName = /^contactTypeListRules\.lists\.(customer|supplier|lead)$/.exec(field);
  if (listName) return forms.pushes.controls[listName[1] as 'customer' | 'supplier' | 'lead'];
  switch (field) {
    case 'contactTypeListRules.enabled':
      return forms.pushes.controls.typeRulesEnabled;
    case 'listMembershipTrigger':
      return forms.pushes.controls.listMembershipTrigger;
    case 'optOutSetsDoNotEmail':
      return forms.pushes.controls.optOutSetsDoNotEmail;
    case 'apiLogRetentionDays':
      return forms.housekeeping.controls.apiLogRetentionDays;
    case 'linkFullPassEveryDays':
      return forms.housekeeping.controls.linkFullPassEveryDays;
    default:
      return null;
  }
}

/** Each server message onto its control (the `server` error); returns the ones no control shows. */
export function applyServerErrors(forms: SettingsForms, fields: readonly FieldError[]): FieldError[] {
  const unmatched: FieldError[] = [];
  for (const error of fields) {
    const control = controlFor(forms, error.field);
    if (!control) {
      unmatched.push(error);
      continue;
    }
    control.setErrors({ ...(control.errors ?? {}), server: error.message });
    control.markAsTouched();
  }
  return unmatched;
}

/** The message under a field: the server's first (most specific), then the local validators. */
export function settingErrorMessage(errors: Record<string, unknown> | null, label: string): string | null {
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return /^[a-z]/.test(errors['server']) ? `${label} ${errors['server']}` : errors['server'];
  if (errors['required']) return `${label} is required.`;
  if (errors['cron']) return 'Not a schedule: write five fields, minute hour day month weekday (in UTC), e.g. 30 0 * * *.';
  if (typeof errors['unknownList'] === 'string') {
    return (
      `Constant Contact has no list called "${errors['unknownList']}". ` +
      'Pick one of the synced lists, or create the list in Constant Contact and sync the lists first.'
    );
  }
  if (errors['maxlength'])
    return `${label} must be at most ${(errors['maxlength'] as { requiredLength: number }).requiredLength} characters.`;
  if (errors['min']) return `${label} must be at least ${(errors['min'] as { min: number }).min}.`;
  if (errors['max']) return `${label} must be at most ${(errors['max'] as { max: number }).max}.`;
  if (errors['pattern']) return `${label} must be a whole number.`;
  return `${label} is not valid.`;
}
