import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module';
import { ContactChangeListeners } from './contact-change-listener';
import { ContactLinks } from './contact-links';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

/**
 * CRM contacts: the CRM's own truth (CRUD, search, soft delete, duplicate-email notices). Owns the contacts
 * table: ContactsRepository for every read and write of it, ContactLinks for the link to a CC contact.
 * Depends only on interactions (a link re-attaches earlier engagement); push hooks in through ContactChangeListeners.
 */
@Module({
  imports: [InteractionsModule],
  controllers: [ContactsController],
  providers: [ContactsService, ContactsRepository, ContactLinks, ContactChangeListeners],
  exports: [ContactsService, ContactsRepository, ContactLinks, ContactChangeListeners],
})
export class ContactsModule {}
