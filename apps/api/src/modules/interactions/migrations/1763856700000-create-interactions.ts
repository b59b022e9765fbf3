import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInteractions1763856700000 implements MigrationInterface {
  name = 'CreateInteractions1763856700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Engagement imported from CC. contact_id is the linked CRM contact (null until that CC contact is linked;
    // linking fills it in). dedupe_key makes re-runs and resumes insert nothing twice.
    await queryRunner.query(`
      CREATE TABLE interactions (
        id bigserial PRIMARY KEY,
        contact_id uuid REFERENCES contacts (id) ON DELETE SET NULL,
        ctct_contact_id uuid NOT NULL,
        type varchar(20) NOT NULL,
        occurred_at timestamptz NOT NULL,
        campaign_id uuid,
        campaign_activity_id uuid,
        campaign_name text,
        description text NOT NULL,
        url text,
        bounce_code varchar(5),
        opt_out_reason text,
        email_address varchar(254),
        dedupe_key varchar(200) NOT NULL,
        source_run_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX interactions_dedupe ON interactions (dedupe_key)`);
    await queryRunner.query(
      `CREATE INDEX interactions_contact_time ON interactions (contact_id, occurred_at DESC, id DESC) WHERE contact_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX interactions_unlinked ON interactions (ctct_contact_id) WHERE contact_id IS NULL`);
    await queryRunner.query(`CREATE INDEX interactions_campaign ON interactions (campaign_id, type, occurred_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE interactions`);
  }
}
