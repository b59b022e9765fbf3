import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { CtctModule } from '../ctct/ctct.module';
import { CtctMirrorModule } from '../ctct-mirror/ctct-mirror.module';
import { PushModule } from '../push/push.module';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationService } from './reconciliation.service';

/**
 * The reconciliation page's API: a read model over contacts, the CC mirror, CRM list memberships and the outbox (no
 * table of its own), and Fix drift, which writes only through push's outbox and the consent ledger.
 */
@Module({
  imports: [PushModule, CtctModule, CtctMirrorModule, ConsentModule],
  controllers: [ReconciliationController],
  providers: [ReconciliationService],
})
export class ReconciliationModule {}
