import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Db, sql } from '../../common/sql';

/** Integration settings with their defaults; stored by key in the settings table (jsonb). */
export const SETTING_DEFAULTS = {
  'apiLog.retentionDays': 30,
  // Job schedules: cron expressions in UTC (defaults 00:30, 01:00, 02:00).
  'sync.lists.cron': '30 0 * * *',
  'sync.link-contacts.cron': '0 1 * * *',
  'sync.activities.cron': '0 2 * * *',
  // A CC opt-out sets the CRM contact's Do Not Email, so nobody is pushed as opted-in again.
  'sync.optOutSetsDoNotEmail': true,
  // The link job fetches only changes, but makes a full pass this often to notice deletions.
  'sync.linkFullPassEveryDays': 7,
  // Push CRM list-membership changes to CC as they happen (the "Contact List Membership trigger").
  'push.listMembershipTrigger': true,
  // Push email, first-name and last-name changes of linked contacts to CC (edits and convergence's drift fixes).
  'push.fieldPushes': true,
  // New contacts of type customer / supplier / lead join these CC lists automatically (off by default). The names
  // are those of CC's usual lists, so turning the rules on does not create near-duplicates of existing lists.
  'push.typeListRules.enabled': false,
  'push.typeListRules.customer': 'Customers',
  'push.typeListRules.supplier': 'Suppliers',
  'push.typeListRules.lead': 'Leads',
  // The share of CC's daily quota (percent) kept for pushes: jobs and bulk runs pause when only this much is left.
  'ctct.pushReservePercent': 10,
} as const;

type Widen<T> = T extends number ? number : T extends string ? string : T extends boolean ? boolean : T;
export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type SettingValue<K extends SettingKey> = Widen<(typeof SETTING_DEFAULTS)[K]>;

type ChangeListener = (key: SettingKey) => void | Promise<void>;

/** Facts about this installation kept beside the settings (not editable): when something happened once. */
export type InstallationFact = 'demo.seededAt';

/** The settings table and its only writer. */
@Injectable()
export class SettingsService {
  private readonly listeners: ChangeListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Lets a module react to a setting it depends on (e.g. the scheduler to a new cron) without importing it. */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    const row = await sql.one<{ value: SettingValue<K> }>(this.dataSource, 'SELECT value FROM settings WHERE key = $1', [key]);
    return row ? row.value : (SETTING_DEFAULTS[key] as SettingValue<K>);
  }

  async set<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void> {
    await sql.affected(
      this.dataSource,
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
    for (const listener of this.listeners) await listener(key);
  }

  /** Whether the fact was recorded; `db` lets a caller read it inside its own transaction (after taking a lock). */
  async hasFact(db: Db, fact: InstallationFact): Promise<boolean> {
    return (await sql.one(db, 'SELECT 1 FROM settings WHERE key = $1', [fact])) !== undefined;
  }

  /** Records that the fact happened now (in the caller's transaction when given one). */
  async recordFact(db: Db, fact: InstallationFact): Promise<void> {
    await sql.affected(db, `INSERT INTO settings (key, value) VALUES ($1, to_jsonb(now()))`, [fact]);
  }
}
