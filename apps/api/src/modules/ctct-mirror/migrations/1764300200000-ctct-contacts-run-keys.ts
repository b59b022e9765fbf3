import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The link job's match phase goes through the email keys of the CC contacts a run listed (or found gone), 2,000 at
 * a time in byte order. Without an index each step read and sorted the whole mirror: at 1,000,000 CC contacts,
 * 500 steps of a full-table scan (bench link-full-1m). Each index gives one step's keys in order, from where the last
 * step stopped. Read by LinkContactsJob.keysToMatch.
 */
export class CtctContactsRunKeys1764300200000 implements MigrationInterface {
  name = 'CtctContactsRunKeys1764300200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ctct_contacts_seen_keys ON ctct_contacts (last_seen_run_id, (email_loose_key COLLATE "C")) WHERE email_loose_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ctct_contacts_gone_keys ON ctct_contacts (gone_run_id, (email_loose_key COLLATE "C"))
        WHERE gone_run_id IS NOT NULL AND email_loose_key IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ctct_contacts_gone_keys`);
    await queryRunner.query(`DROP INDEX ctct_contacts_seen_keys`);
  }
}
