import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCtctMirror1763856600000 implements MigrationInterface {
  name = 'CreateCtctMirror1763856600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What the syncs learned from CC. Integration data only: never copied into CRM contact fields.
    await queryRunner.query(`
      CREATE TABLE ctct_lists (
        list_id uuid PRIMARY KEY,
        name varchar(255) NOT NULL,
        description text,
        favorite boolean NOT NULL DEFAULT false,
        membership_count integer,
        cc_created_at timestamptz,
        cc_updated_at timestamptz,
        -- Set when the list is gone from CC (deleted there, or no longer listed): kept, marked, not dropped.
        deleted_in_ctct_at timestamptz,
        last_seen_run_id uuid,
        synced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE ctct_contacts (
        contact_id uuid PRIMARY KEY,
        email_address varchar(254),
        email_normalized varchar(254),
        permission_to_send varchar(30),
        opt_out_source varchar(20),
        opt_out_date timestamptz,
        opt_out_reason text,
        list_ids uuid[] NOT NULL DEFAULT '{}',
        cc_created_at timestamptz,
        cc_updated_at timestamptz,
        cc_deleted_at timestamptz,
        last_seen_run_id uuid,
        synced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX ctct_contacts_email ON ctct_contacts (email_normalized)`);
    await queryRunner.query(`CREATE INDEX ctct_contacts_lists ON ctct_contacts USING gin (list_ids)`);
    await queryRunner.query(`
      CREATE TABLE ctct_campaigns (
        campaign_id uuid PRIMARY KEY,
        name text,
        campaign_type varchar(40),
        primary_activity_id uuid,
        last_sent_date timestamptz,
        unique_counts jsonb NOT NULL DEFAULT '{}',
        -- False for kinds the tracking reports do not cover (A/B tests, automated emails…).
        tracked boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // How far each (campaign activity, tracking kind) has been imported: newest event time and CC's unique count then.
    await queryRunner.query(`
      CREATE TABLE ctct_tracking_watermarks (
        campaign_activity_id uuid NOT NULL,
        kind varchar(20) NOT NULL,
        newest_event_at timestamptz,
        imported_unique_count integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_activity_id, kind)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ctct_tracking_watermarks`);
    await queryRunner.query(`DROP TABLE ctct_campaigns`);
    await queryRunner.query(`DROP TABLE ctct_contacts`);
    await queryRunner.query(`DROP TABLE ctct_lists`);
  }
}
