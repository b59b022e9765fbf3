import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CC contact's first and last name in the mirror, so that the CRM's names (which the CRM owns and pushes) can be
 * compared with CC's without a call (reconciliation, convergence). `names_synced_at` says the row's names were
 * read from CC: rows mirrored before this migration have NULL there until their next sync, and are not compared
 * (a NULL name could be CC's empty name or one never read). IF NOT EXISTS: another change may add the same columns.
 */
export class CtctContactsNames1764200200000 implements MigrationInterface {
  name = 'CtctContactsNames1764200200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ctct_contacts ADD COLUMN IF NOT EXISTS first_name text`);
    await queryRunner.query(`ALTER TABLE ctct_contacts ADD COLUMN IF NOT EXISTS last_name text`);
    await queryRunner.query(`ALTER TABLE ctct_contacts ADD COLUMN IF NOT EXISTS names_synced_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ctct_contacts DROP COLUMN names_synced_at`);
    await queryRunner.query(`ALTER TABLE ctct_contacts DROP COLUMN last_name`);
    await queryRunner.query(`ALTER TABLE ctct_contacts DROP COLUMN first_name`);
  }
}
