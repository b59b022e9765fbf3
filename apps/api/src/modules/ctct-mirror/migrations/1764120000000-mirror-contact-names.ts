import { MigrationInterface, QueryRunner } from 'typeorm';

export class MirrorContactNames1764120000000 implements MigrationInterface {
  name = 'MirrorContactNames1764120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // CC's first and last name, so that convergence can compare them with the CRM's without calling CC. Rows
    // mirrored before this column existed have not had their names read: names_synced_at stays null until a sync
    // (or a push) reads the contact again, and until then their names are not compared.
    await queryRunner.query(`
      ALTER TABLE ctct_contacts
        ADD COLUMN first_name varchar(255),
        ADD COLUMN last_name varchar(255),
        ADD COLUMN names_synced_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ctct_contacts DROP COLUMN names_synced_at, DROP COLUMN last_name, DROP COLUMN first_name`);
  }
}
