import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAlerts1764100100000 implements MigrationInterface {
  name = 'CreateAlerts1764100100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per raised alert. `cause_key` names the cause (e.g. `run_failed:<run id>`, `quota_high:<UTC day>`):
    // at most one open alert per cause, so raising again (every replica, every check) is a no-op until the cause
    // is gone and the alert resolved; a cause that comes back later raises a new alert.
    await queryRunner.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(30) NOT NULL,
        cause_key varchar(200) NOT NULL,
        severity varchar(10) NOT NULL,
        title text NOT NULL,
        message text NOT NULL,
        link varchar(300) NOT NULL,
        raised_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        read_at timestamptz,
        read_by uuid,
        -- Set when a replica claims the e-mail (before sending), so admins get one mail per alert.
        emailed_at timestamptz,
        email_error text
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX alerts_one_open_per_cause ON alerts (cause_key) WHERE resolved_at IS NULL`);
    await queryRunner.query(`CREATE INDEX alerts_time ON alerts (raised_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE alerts`);
  }
}
