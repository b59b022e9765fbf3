import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-side sessions and the login throttle, both in PostgreSQL so that every replica sees a sign-out, a
 * password change and a run of failed logins at once.
 */
export class CreateSessions1764000000000 implements MigrationInterface {
  name = 'CreateSessions1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // id_hash: SHA-256 of the random session id in the cookie, so a copy of this table signs nobody in.
    await queryRunner.query(`
      CREATE TABLE auth_sessions (
        id_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        user_agent varchar(300)
      )`);
    await queryRunner.query(`CREATE INDEX auth_sessions_user ON auth_sessions (user_id)`);
    await queryRunner.query(`CREATE INDEX auth_sessions_expires ON auth_sessions (expires_at)`);
    // @nestjs/throttler's counters (fixed window + block), keyed by the throttler's hashed key.
    await queryRunner.query(`
      CREATE TABLE auth_throttle (
        key varchar(128) PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE auth_throttle`);
    await queryRunner.query(`DROP TABLE auth_sessions`);
  }
}
