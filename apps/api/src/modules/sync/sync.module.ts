import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { CtctModule } from '../ctct/ctct.module';
import { CtctMirrorModule } from '../ctct-mirror/ctct-mirror.module';
import { InteractionsModule } from '../interactions/interactions.module';
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
 * checkpoints) and schedules. The jobs write what they learn through the owners: the CC mirror, contacts
 * (links, Do Not Email), interactions.
 */
@Module({
  imports: [CtctModule, CtctMirrorModule, ContactsModule, InteractionsModule],
  controllers: [SyncController],
  providers: [
    SyncRunRepository,
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
  exports: [SyncRunnerService, SyncRunRepository, JobRegistry],
})
export class SyncModule {}
