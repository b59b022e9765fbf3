import { Injectable } from '@nestjs/common';
import { SYNC_JOBS, type CtctListDto, type SyncJobStatusDto } from '@ctct/shared-types';
import { DataSource } from 'typeorm';
import { CtctMirrorService } from '../ctct-mirror/ctct-mirror.service';
import { SettingsService } from '../settings/settings.service';
import { toSyncRunDto } from '../runs/run.row';
import { RunsRepository } from '../runs/runs.repository';
import { SyncScheduleService } from './sync-schedule.service';

/** Read side of the sync context: job statuses for Settings and the mirrored CC lists for the wizard. */
@Injectable()
export class SyncService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly schedule: SyncScheduleService,
    private readonly settings: SettingsService,
    private readonly dataSource: DataSource,
    private readonly mirror: CtctMirrorService,
  ) {}

  async jobStatuses(): Promise<SyncJobStatusDto[]> {
    return Promise.all(
      SYNC_JOBS.map(async (job) => {
        const [active, last] = await Promise.all([this.runs.active(job), this.runs.latest(job)]);
        return {
          job,
          schedule: await this.settings.get(`sync.${job}.cron`),
          nextRunAt: this.schedule.nextRunAt(job),
          activeRun: active ? toSyncRunDto(active) : null,
          lastRun: last ? toSyncRunDto(last) : null,
        };
      }),
    );
  }

  async lists(includeDeleted: boolean): Promise<CtctListDto[]> {
    const rows = await this.mirror.lists(this.dataSource, includeDeleted);
    return rows.map((row) => ({
      listId: row.list_id,
      name: row.name,
      description: row.description,
      membershipCount: row.membership_count,
      status: row.deleted_in_ctct_at ? 'deleted' : 'active',
      updatedAt: row.cc_updated_at ? new Date(row.cc_updated_at).toISOString() : null,
    }));
  }
}
