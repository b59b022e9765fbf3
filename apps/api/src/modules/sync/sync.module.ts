import { Module, OnModuleInit } from '@nestjs/common';
import { CtctModule } from '../ctct/ctct.module';
import { JobRegistry } from '../runs/run-job';
import { RunsModule } from '../runs/runs.module';
import { CtctMirrorService } from './ctct-mirror.service';
import { ActivitiesJob } from './jobs/activities.job';
import { LinkContactsJob } from './jobs/link-contacts.job';
import { ListsJob } from './jobs/lists.job';
import { SyncScheduleService } from './sync-schedule.service';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/**
 * The scheduled jobs (lists, link contacts, activities), their schedules, and the CC mirror tables they fill.
 * The jobs run as runs of the runs module (queue, leases, checkpoints): they are registered with it here.
 */
@Module({
  imports: [CtctModule, RunsModule],
  controllers: [SyncController],
  providers: [CtctMirrorService, ListsJob, LinkContactsJob, ActivitiesJob, SyncScheduleService, SyncService],
  exports: [CtctMirrorService],
})
export class SyncModule implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly lists: ListsJob,
    private readonly linkContacts: LinkContactsJob,
    private readonly activities: ActivitiesJob,
  ) {}

  onModuleInit(): void {
    for (const job of [this.lists, this.linkContacts, this.activities]) this.registry.register(job);
  }
}
