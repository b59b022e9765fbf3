import { Module } from '@nestjs/common';
import { ConsentController } from './consent.controller';
import { ConsentLedger } from './consent-ledger';
import { ConsentService } from './consent.service';

/**
 * The consent ledger (owner of `consent_events`, append-only): `ConsentLedger.record` is called by the modules
 * where consent changes (push: a CRM user's Do Not Email, opt-out delivery, re-subscribe; sync: opt-outs CC
 * reported), inside their transactions; the timeline, the CSV export and the opt-out service level read it.
 * Depends on nothing, so every module may import it.
 */
@Module({
  controllers: [ConsentController],
  providers: [ConsentLedger, ConsentService],
  exports: [ConsentLedger, ConsentService],
})
export class ConsentModule {}
