import { Module } from '@nestjs/common';
import { CtctModule } from '../ctct/ctct.module';
import { CtctMirrorService } from './ctct-mirror.service';
import { ActivitiesJob } from './jobs/activities.job';
import { LinkContactsJob } from './jobs/link-contacts.job';
import { ListsJob } from './jobs/lists.job';
import { JobRegistry } from './sync-job';
import { SyncRunRepository } from './sync-run.repository';
import { SyncRunnerService } from './sync-runner.service';
import { SyncScheduleService } from './sync-schedule.service';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/**
 * The scheduled jobs (lists, link contacts, activities), their runs (a PostgreSQL-backed queue with leases and
 * checkpoints), schedules, and the CC mirror tables they fill.
 */
@Module({
  imports: [CtctModule],
  controllers: [SyncController],
  providers: [
    SyncRunRepository,
    CtctMirrorService,
    ListsJob,
    LinkContactsJob,
    ActivitiesJob,
    {
      provide: JobRegistry,
      inject: [ListsJob, LinkContactsJob, ActivitiesJob],
      useFactory: (...jobs: Array<ListsJob | LinkContactsJob | ActivitiesJob>) => {
        const registry = new JobRegistry();
        for (const job of jobs) registry.register(job);
        return registry;
      },
    },
    SyncRunnerService,
    SyncScheduleService,
    SyncService,
  ],
  exports: [SyncRunnerService, SyncRunRepository, CtctMirrorService, JobRegistry],
})
export class SyncModule {}
