import type { SyncJobName } from './sync';

/** Contact type → CC list name, for the automatic memberships of new contacts (Maestrano-style rules). */
export interface ContactTypeListRules {
  enabled: boolean;
  lists: { customer: string; supplier: string; lead: string };
}

export interface IntegrationSettingsDto {
  /** Cron expressions, UTC. */
  schedules: Record<SyncJobName, string>;
  /** Push CRM list-membership changes to CC automatically (the "Contact List Membership trigger"). */
  listMembershipTrigger: boolean;
  /** Push email, first-name and last-name changes of linked contacts to CC (and let convergence fix drift in them). */
  fieldPushes: boolean;
  contactTypeListRules: ContactTypeListRules;
  /** A CC opt-out sets the CRM contact's Do Not Email. */
  optOutSetsDoNotEmail: boolean;
  linkFullPassEveryDays: number;
  apiLogRetentionDays: number;
  /** The share of CC's daily quota (percent) kept for pushes: jobs and bulk runs pause when only this is left. */
  pushReservePercent: number;
  /** From the server's configuration (CTCT_RATE_PER_SECOND / _PER_DAY); read-only here. */
  ratePlan: { perSecond: number; perDay: number };
}

export type UpdateIntegrationSettingsRequest = Partial<Omit<IntegrationSettingsDto, 'ratePlan' | 'schedules' | 'contactTypeListRules'>> & {
  schedules?: Partial<Record<SyncJobName, string>>;
  contactTypeListRules?: Partial<Omit<ContactTypeListRules, 'lists'>> & { lists?: Partial<ContactTypeListRules['lists']> };
};
