import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DemoSeedService } from './demo-seed.service';

/** Demo data for `npm start` (DEMO_SEED=true), written through the owners: contacts and settings. */
@Module({ imports: [ContactsModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
