import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { IntegrationSettingsDto } from '@ctct/shared-types';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { UpdateSettingsDto } from './dto/update-settings.dto';
import { SettingKey, SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  read(): Promise<IntegrationSettingsDto> {
    return this.describe();
  }

  /** Changes only what is sent; every field is validated before anything is written. */
  @Patch()
  async update(@Body() body: UpdateSettingsDto): Promise<IntegrationSettingsDto> {
    const changes: Array<[SettingKey, unknown]> = [];
    for (const job of ['lists', 'link-contacts', 'activities'] as const) {
      if (body.schedules?.[job] !== undefined) changes.push([`sync.${job}.cron`, body.schedules[job]]);
    }
    if (body.listMembershipTrigger !== undefined) changes.push(['push.listMembershipTrigger', body.listMembershipTrigger]);
    if (body.fieldPushes !== undefined) changes.push(['push.fieldPushes', body.fieldPushes]);
    if (body.contactTypeListRules?.enabled !== undefined) changes.push(['push.typeListRules.enabled', body.contactTypeListRules.enabled]);
    for (const type of ['customer', 'supplier', 'lead'] as const) {
      const name = body.contactTypeListRules?.lists?.[type];
      if (name !== undefined) changes.push([`push.typeListRules.${type}`, name.trim()]);
    }
    if (body.optOutSetsDoNotEmail !== undefined) changes.push(['sync.optOutSetsDoNotEmail', body.optOutSetsDoNotEmail]);
    if (body.linkFullPassEveryDays !== undefined) changes.push(['sync.linkFullPassEveryDays', body.linkFullPassEveryDays]);
    if (body.apiLogRetentionDays !== undefined) changes.push(['apiLog.retentionDays', body.apiLogRetentionDays]);
    if (body.pushReservePercent !== undefined) changes.push(['ctct.pushReservePercent', body.pushReservePercent]);
    for (const [key, value] of changes) await this.settings.set(key, value as never);
    return this.describe();
  }

  private async describe(): Promise<IntegrationSettingsDto> {
    const get = <K extends SettingKey>(key: K) => this.settings.get(key);
    return {
      schedules: {
        lists: await get('sync.lists.cron'),
        'link-contacts': await get('sync.link-contacts.cron'),
        activities: await get('sync.activities.cron'),
      },
      listMembershipTrigger: await get('push.listMembershipTrigger'),
      fieldPushes: await get('push.fieldPushes'),
      contactTypeListRules: {
        enabled: await get('push.typeListRules.enabled'),
        lists: {
          customer: await get('push.typeListRules.customer'),
          supplier: await get('push.typeListRules.supplier'),
          lead: await get('push.typeListRules.lead'),
        },
      },
      optOutSetsDoNotEmail: await get('sync.optOutSetsDoNotEmail'),
      linkFullPassEveryDays: await get('sync.linkFullPassEveryDays'),
      apiLogRetentionDays: await get('apiLog.retentionDays'),
      pushReservePercent: await get('ctct.pushReservePercent'),
      ratePlan: { perSecond: this.config.CTCT_RATE_PER_SECOND, perDay: this.config.CTCT_RATE_PER_DAY },
    };
  }
}
