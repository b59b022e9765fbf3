import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddRunLifecycle1764100000000 implements MigrationInterface {
  name = 'AddRunLifecycle1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `status` is a plain varchar (no CHECK), so the new status `cancelled` needs no change; RUN_TRANSITIONS guards it.
    // Why a run is paused decides what resumes it (a reconnect, the quota's reset, CC answering again); paused_at
    // tells how long it has waited (alerts); outage_pauses grows the wait between retries while CC stays down.
    await queryRunner.query(`
      ALTER TABLE sync_runs
        ADD COLUMN pause_cause varchar(20),
        ADD COLUMN paused_at timestamptz,
        ADD COLUMN outage_pauses integer NOT NULL DEFAULT 0,
        ADD COLUMN cancel_requested_at timestamptz,
        ADD COLUMN cancel_requested_by uuid`);
    // A record written as the run goes may be refined later (a bulk contact: sent, then created); its key makes
    // that an update of the one record rather than a second one.
    await queryRunner.query(`ALTER TABLE sync_run_records ADD COLUMN record_key varchar(200)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX sync_run_records_key ON sync_run_records (run_id, record_key) WHERE record_key IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX sync_runs_paused ON sync_runs (paused_at) WHERE status = 'paused'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sync_runs_paused`);
    await queryRunner.query(`DROP INDEX sync_run_records_key`);
    await queryRunner.query(`ALTER TABLE sync_run_records DROP COLUMN record_key`);
    await queryRunner.query(`
      ALTER TABLE sync_runs DROP COLUMN pause_cause, DROP COLUMN paused_at, DROP COLUMN outage_pauses,
        DROP COLUMN cancel_requested_at, DROP COLUMN cancel_requested_by`);
    await queryRunner.query(`UPDATE sync_runs SET status = 'failed' WHERE status = 'cancelled'`);
  }
}
