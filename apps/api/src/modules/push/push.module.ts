import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { CtctModule } from '../ctct/ctct.module';
import { CtctMirrorModule } from '../ctct-mirror/ctct-mirror.module';
import { RunsModule } from '../runs/runs.module';
import { BulkMembershipController } from './bulk/bulk-membership.controller';
import { BulkMembershipJob } from './bulk/bulk-membership.job';
import { BulkMembershipService } from './bulk/bulk-membership.service';
import { ContactMembershipService } from './contact-membership.service';
import { ContactPushPolicy } from './contact-push-policy';
import { CtctContactWriter } from './ctct-contact-writer';
import { OutboxRepository } from './outbox.repository';
import { PushDeliveryService } from './push-delivery.service';
import { PushController } from './push.controller';

/**
 * Pushes from the CRM to CC: the outbox (written with the CRM change: ContactPushPolicy registers with contacts
 * as a change listener), its delivery workers, memberships, and the bulk membership engine.
 */
@Module({
  imports: [CtctModule, CtctMirrorModule, ContactsModule, RunsModule],
  controllers: [PushController, BulkMembershipController],
  providers: [OutboxRepository, ContactPushPolicy, CtctContactWriter, PushDeliveryService, ContactMembershipService, BulkMembershipService, BulkMembershipJob],
  exports: [OutboxRepository, CtctContactWriter, PushDeliveryService],
})
export class PushModule {}
