import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interactions at 1,000,000–10,000,000 rows (benches activities-1m-campaign, interactions-10m):
 * - the dedupe key's unique index holds a 16-byte hash instead of the ~110-character key: a third of the size, so
 *   it stays in memory while a million-row import inserts at random places in it. Writers say
 *   `ON CONFLICT DO NOTHING` without naming the index, so they work with either;
 * - the contact timeline's index also carries the type, so the engagement summary (counts per type) is read from
 *   the index alone instead of one table row per Interaction (5,000 scattered rows for a heavy contact);
 * - opt-outs by CC contact: "was this opt-out already recorded?" (link and activities jobs) read every
 *   Interaction of linked contacts without it.
 */
export class InteractionsAtScale1764300100000 implements MigrationInterface {
  name = 'InteractionsAtScale1764300100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX interactions_dedupe_hash ON interactions ((md5(dedupe_key)::uuid))`);
    await queryRunner.query(`DROP INDEX interactions_dedupe`);
    await queryRunner.query(
      `CREATE INDEX interactions_contact_timeline ON interactions (contact_id, occurred_at DESC, id DESC) INCLUDE (type) WHERE contact_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX interactions_contact_time`);
    await queryRunner.query(`CREATE INDEX interactions_optouts ON interactions (ctct_contact_id) WHERE type = 'email_optout'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX interactions_optouts`);
    await queryRunner.query(
      `CREATE INDEX interactions_contact_time ON interactions (contact_id, occurred_at DESC, id DESC) WHERE contact_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX interactions_contact_timeline`);
    await queryRunner.query(`CREATE UNIQUE INDEX interactions_dedupe ON interactions (dedupe_key)`);
    await queryRunner.query(`DROP INDEX interactions_dedupe_hash`);
  }
}
