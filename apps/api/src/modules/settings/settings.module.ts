import { Global, Module } from '@nestjs/common';
import { SettingsService } from './settings.service';

/** Integration settings (retention, schedules, rules…), readable by every module. */
@Global()
@Module({ providers: [SettingsService], exports: [SettingsService] })
export class SettingsModule {}
