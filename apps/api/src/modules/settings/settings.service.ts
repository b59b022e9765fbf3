import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Integration settings with their defaults; stored by key in the settings table (jsonb). */
export const SETTING_DEFAULTS = {
  'apiLog.retentionDays': 30,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFAULTS)[K] extends number ? number : (typeof SETTING_DEFAULTS)[K];

@Injectable()
export class SettingsService {
  constructor(private readonly dataSource: DataSource) {}

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    const [row] = await this.dataSource.query('SELECT value FROM settings WHERE key = $1', [key]);
    return (row ? row.value : SETTING_DEFAULTS[key]) as SettingValue<K>;
  }

  async set<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }
}
