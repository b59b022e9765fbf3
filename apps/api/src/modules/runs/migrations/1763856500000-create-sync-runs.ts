import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSyncRuns1763856500000 implements MigrationInterface {
  name = 'CreateSyncRuns1763856500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Job runs double as a small job queue: workers claim queued (or abandoned) runs with FOR UPDATE SKIP
    // LOCKED and keep a heartbeat lease; the checkpoint lets a run resume where a crashed worker left it.
    await queryRunner.query(`
      CREATE TABLE sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job varchar(30) NOT NULL,
        trigger varchar(20) NOT NULL,
        triggered_by uuid,
        schedule_slot varchar(40),
        status varchar(20) NOT NULL,
        status_reason text,
        mode varchar(20),
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        resume_after timestamptz,
        owner varchar(100),
        heartbeat_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        checkpoint jsonb,
        counts jsonb NOT NULL DEFAULT '{"created":0,"updated":0,"linked":0,"skipped":0,"failed":0}',
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer,
        notes jsonb NOT NULL DEFAULT '[]'
      )`);
    // One active run per job: a second "Sync now" finds the running one.
    await queryRunner.query(`CREATE UNIQUE INDEX sync_runs_one_active_per_job ON sync_runs (job) WHERE status IN ('queued', 'running')`);
    // A scheduled firing creates one run, however many replicas fire it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX sync_runs_schedule_slot ON sync_runs (job, schedule_slot) WHERE schedule_slot IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX sync_runs_job_time ON sync_runs (job, queued_at DESC, id DESC)`);
    await queryRunner.query(`CREATE INDEX sync_runs_time ON sync_runs (queued_at DESC, id DESC)`);
    await queryRunner.query(`
      CREATE TABLE sync_run_records (
        id bigserial PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
        outcome varchar(20) NOT NULL,
        reason text,
        crm_contact_id uuid,
        ctct_id varchar(100),
        label text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX sync_run_records_run ON sync_run_records (run_id, outcome, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sync_run_records`);
    await queryRunner.query(`DROP TABLE sync_runs`);
  }
}
