import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePushOutbox1763856800000 implements MigrationInterface {
  name = 'CreatePushOutbox1763856800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Every push to CC is first an outbox row, written in the same transaction as the CRM change that
    // causes it; workers deliver them (SKIP LOCKED + lease), retrying across restarts and CC outages.
    await queryRunner.query(`
      CREATE TABLE ctct_outbox (
        id bigserial PRIMARY KEY,
        kind varchar(30) NOT NULL,
        contact_id uuid REFERENCES contacts (id) ON DELETE CASCADE,
        payload jsonb NOT NULL DEFAULT '{}',
        status varchar(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'failed', 'superseded')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_by varchar(100),
        locked_until timestamptz,
        last_error text,
        outcome text,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ctct_outbox_due ON ctct_outbox (next_attempt_at, id) WHERE status IN ('pending', 'delivering')`);
    await queryRunner.query(`CREATE INDEX ctct_outbox_contact ON ctct_outbox (contact_id, id DESC)`);
    // What the CRM says each contact's CC list memberships should be (the wizard and the membership trigger write it).
    await queryRunner.query(`
      CREATE TABLE crm_list_memberships (
        contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        list_id uuid NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid,
        PRIMARY KEY (contact_id, list_id)
      )`);
    // Bulk runs carry their inputs (selection and target list) with the run.
    await queryRunner.query(`ALTER TABLE sync_runs ADD COLUMN params jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sync_runs DROP COLUMN params`);
    await queryRunner.query(`DROP TABLE crm_list_memberships`);
    await queryRunner.query(`DROP TABLE ctct_outbox`);
  }
}
