import { Module } from '@nestjs/common';
import { InteractionsController } from './interactions.controller';
import { InteractionsRepository } from './interactions.repository';
import { InteractionsService } from './interactions.service';

/**
 * Interactions on CRM contacts (engagement imported by the activities job) and the contact's CC status.
 * InteractionsRepository is the only writer of the interactions table.
 */
@Module({
  controllers: [InteractionsController],
  providers: [InteractionsService, InteractionsRepository],
  exports: [InteractionsService, InteractionsRepository],
})
export class InteractionsModule {}
