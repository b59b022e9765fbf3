import { Module } from '@nestjs/common';
import { PushModule } from '../push/push.module';
import { ContactCountReader } from './contact-count';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/** CRM contacts: the CRM's own truth (CRUD, search, soft delete, duplicate-email notices). */
@Module({
  imports: [PushModule],
  controllers: [ContactsController],
  providers: [ContactsService, ContactCountReader],
  exports: [ContactsService],
})
export class ContactsModule {}
