import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { generateCrmDemoContacts } from '@ctct/demo-data';
import { DataSource } from 'typeorm';
import { sql } from '../../common/sql';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ContactsRepository } from '../contacts/contacts.repository';
import { SettingsService } from '../settings/settings.service';

const SEED_LOCK_KEY = 727_002;

/**
 * With DEMO_SEED=true, fills an empty installation with the CRM demo contacts exactly once: the fact is
 * recorded in settings (so deleting the demo contacts does not bring them back), and an advisory lock keeps
 * two replicas from seeding together.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: ContactsRepository,
    private readonly settings: SettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_SEED) return;
    const inserted = await this.seedOnce();
    if (inserted > 0) this.logger.log(`seeded ${inserted} demo contacts`);
  }

  async seedOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await sql.one(manager, 'SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      if (await this.settings.hasFact(manager, 'demo.seededAt')) return 0;
      const contacts = generateCrmDemoContacts();
      await this.contacts.insertMany(manager, contacts);
      await this.settings.recordFact(manager, 'demo.seededAt');
      return contacts.length;
    });
  }
}
