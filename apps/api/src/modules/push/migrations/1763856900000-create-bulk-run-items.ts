import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBulkRunItems1763856900000 implements MigrationInterface {
  name = 'CreateBulkRunItems1763856900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A bulk run's plan, one row per selected contact: what to do, and how far it got (so a resume skips what is done).
    await queryRunner.query(`
      CREATE TABLE bulk_run_items (
        run_id uuid NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
        contact_id uuid NOT NULL,
        outcome varchar(30) NOT NULL,
        email varchar(254),
        first_name varchar(100),
        last_name varchar(100),
        ctct_contact_id uuid,
        state varchar(20) NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'submitted', 'done', 'failed', 'skipped')),
        activity_id varchar(100),
        reason text,
        PRIMARY KEY (run_id, contact_id)
      )`);
    await queryRunner.query(`CREATE INDEX bulk_run_items_state ON bulk_run_items (run_id, outcome, state)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE bulk_run_items`);
  }
}
