import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { ContactsModule } from '../contacts/contacts.module';
import { CtctModule } from '../ctct/ctct.module';
import { CtctMirrorModule } from '../ctct-mirror/ctct-mirror.module';
import { RunsModule } from '../runs/runs.module';
import { BulkMembershipController } from './bulk/bulk-membership.controller';
import { BulkMembershipJob } from './bulk/bulk-membership.job';
import { BulkMembershipService } from './bulk/bulk-membership.service';
import { ContactMembershipService } from './contact-membership.service';
import { ContactPushPolicy } from './contact-push-policy';
import { ConvergenceService } from './convergence.service';
import { CtctContactWriter } from './ctct-contact-writer';
import { DoNotEmailStateMachine } from './do-not-email.state-machine';
import { OutboxRepository } from './outbox.repository';
import { PushDeliveryService } from './push-delivery.service';
import { PushController } from './push.controller';

/**
 * Pushes from the CRM to CC: the outbox (written with the CRM change: ContactPushPolicy registers with contacts
 * as a change listener), its delivery workers, the Do Not Email state machine, convergence (drift → pushes),
 * memberships, and the bulk membership engine.
 */
@Module({
  imports: [CtctModule, CtctMirrorModule, ContactsModule, RunsModule, ConsentModule],
  controllers: [PushController, BulkMembershipController],
  providers: [
    OutboxRepository,
    ContactPushPolicy,
    DoNotEmailStateMachine,
    ConvergenceService,
    CtctContactWriter,
    PushDeliveryService,
    ContactMembershipService,
    BulkMembershipService,
    BulkMembershipJob,
  ],
  exports: [OutboxRepository, CtctContactWriter, PushDeliveryService, ConvergenceService, DoNotEmailStateMachine],
})
export class PushModule {}
