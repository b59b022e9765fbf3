import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSettings1763856200000 implements MigrationInterface {
  name = 'CreateSettings1763856200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Integration settings and small facts about this installation (e.g. when demo data was seeded), by key.
    await queryRunner.query(`
      CREATE TABLE settings (
        key varchar(100) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE settings`);
  }
}
