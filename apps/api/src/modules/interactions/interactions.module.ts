import { Module } from '@nestjs/common';
import { InteractionsController } from './interactions.controller';
import { InteractionsService } from './interactions.service';

/** Interactions on CRM contacts (engagement imported by the activities job) and the contact's CC status. */
@Module({ controllers: [InteractionsController], providers: [InteractionsService], exports: [InteractionsService] })
export class InteractionsModule {}
