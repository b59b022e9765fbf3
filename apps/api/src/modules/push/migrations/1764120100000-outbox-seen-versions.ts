import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxSeenVersions1764120100000 implements MigrationInterface {
  name = 'OutboxSeenVersions1764120100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What a delivery saw on each side: the CRM contact's updated_at it pushed, and CC's updated_at of the contact
    // after it (CC's clock). Convergence re-queues a push only when one side changed since: a delivery whose result
    // still differs (CC normalised a value, or refused it) is not repeated by every link run.
    await queryRunner.query(`ALTER TABLE ctct_outbox ADD COLUMN crm_seen_at timestamptz, ADD COLUMN ctct_seen_at timestamptz`);
    // Field pushes wait a moment before delivery so that quick edits coalesce: at most one pending per contact.
    await queryRunner.query(
      `CREATE INDEX ctct_outbox_pending_by_contact ON ctct_outbox (contact_id, kind) WHERE status IN ('pending', 'delivering')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ctct_outbox_pending_by_contact`);
    await queryRunner.query(`ALTER TABLE ctct_outbox DROP COLUMN ctct_seen_at, DROP COLUMN crm_seen_at`);
  }
}
