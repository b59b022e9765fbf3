import { Module, OnModuleInit } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CtctModule } from '../ctct/ctct.module';
import { CtctMirrorModule } from '../ctct-mirror/ctct-mirror.module';
import { InteractionsModule } from '../interactions/interactions.module';
import { PushModule } from '../push/push.module';
import { JobRegistry } from '../runs/run-job';
import { RunsModule } from '../runs/runs.module';
import { ActivitiesJob } from './jobs/activities.job';
import { LinkContactsJob } from './jobs/link-contacts.job';
import { ListsJob } from './jobs/lists.job';
import { SyncScheduleService } from './sync-schedule.service';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';

/**
 * The scheduled jobs (lists, link contacts, activities) and their schedules. The jobs run as runs of the runs
 * module (queue, leases, checkpoints): they are registered with it here. They write what they learn through the
 * owners: the CC mirror, contacts (links, Do Not Email), interactions.
 */
@Module({
  imports: [CtctModule, RunsModule, CtctMirrorModule, ContactsModule, InteractionsModule, PushModule, ConsentModule],
  controllers: [SyncController],
  providers: [ListsJob, LinkContactsJob, ActivitiesJob, SyncScheduleService, SyncService],
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
