import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { generateCrmDemoContacts } from '@ctct/demo-data';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { emailKey } from '../contacts/email-key';

const SEEDED_KEY = 'demo.seededAt';
const SEED_LOCK_KEY = 727_002;
const INSERT_BATCH = 500;

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.DEMO_SEED) return;
    const inserted = await this.seedOnce();
    if (inserted > 0) this.logger.log(`seeded ${inserted} demo contacts`);
  }

  async seedOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const [already] = await manager.query('SELECT 1 FROM settings WHERE key = $1', [SEEDED_KEY]);
      if (already) return 0;
      const contacts = generateCrmDemoContacts();
      for (let start = 0; start < contacts.length; start += INSERT_BATCH) {
        const batch = contacts.slice(start, start + INSERT_BATCH);
        const params: unknown[] = [];
        const rows = batch.map((contact) => {
          const { email, firstName, lastName, jobTitle, phone, type, doNotEmail } = contact;
          params.push(email, emailKey(email), firstName, lastName, jobTitle, phone, type, doNotEmail);
          const base = params.length - 8;
          return `(${[1, 2, 3, 4, 5, 6, 7, 8].map((offset) => `$${base + offset}`).join(', ')})`;
        });
        await manager.query(
          `INSERT INTO contacts (email, email_normalized, first_name, last_name, job_title, phone, type, do_not_email)
           VALUES ${rows.join(', ')}`,
          params,
        );
      }
      await manager.query(`INSERT INTO settings (key, value) VALUES ($1, to_jsonb(now()))`, [SEEDED_KEY]);
      return contacts.length;
    });
  }
}
