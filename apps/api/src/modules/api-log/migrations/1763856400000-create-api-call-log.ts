import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiCallLog1763856400000 implements MigrationInterface {
  name = 'CreateApiCallLog1763856400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // One row per external call attempt. Bodies are stored redacted and cut at a size limit.
    await queryRunner.query(`
      CREATE TABLE api_call_log (
        id bigserial PRIMARY KEY,
        external_system varchar(20) NOT NULL,
        operation varchar(100) NOT NULL,
        method varchar(10) NOT NULL,
        path text NOT NULL,
        query text,
        status smallint,
        -- 2..5 for HTTP status classes, 0 when no response came (timeout, dropped connection).
        status_class smallint GENERATED ALWAYS AS (coalesce(status / 100, 0)) STORED,
        duration_ms integer NOT NULL,
        attempt smallint NOT NULL DEFAULT 1,
        job_run_id uuid,
        user_id uuid,
        request_id varchar(100),
        error_key varchar(200),
        error_message text,
        request_body text,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Matched to the log viewer's filters; every list is newest first (created_at desc, id desc).
    await queryRunner.query(`CREATE INDEX api_call_log_system_time ON api_call_log (external_system, created_at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX api_call_log_system_class_time ON api_call_log (external_system, status_class, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX api_call_log_system_method_time ON api_call_log (external_system, method, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX api_call_log_job_run ON api_call_log (job_run_id, created_at DESC, id DESC) WHERE job_run_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX api_call_log_text ON api_call_log USING gin ((operation || ' ' || path) gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX api_call_log_created_at ON api_call_log (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_call_log`);
  }
}
