import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCtctConnection1763856300000 implements MigrationInterface {
  name = 'CreateCtctConnection1763856300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One CC account per installation: a single row (id = 1). Tokens only ever stored encrypted (AES-256-GCM).
    await queryRunner.query(`
      CREATE TABLE ctct_connection (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        status varchar(20) NOT NULL CHECK (status IN ('connected', 'needs_reconnect', 'disconnected')),
        status_reason text,
        encoded_account_id varchar(100),
        organization_name varchar(255),
        account_email varchar(254),
        scopes text[] NOT NULL DEFAULT '{}',
        access_token_encrypted bytea,
        refresh_token_encrypted bytea,
        access_token_expires_at timestamptz,
        token_generation integer NOT NULL DEFAULT 0,
        connected_at timestamptz,
        connected_by uuid REFERENCES users (id) ON DELETE SET NULL,
        last_refreshed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Pending authorisations (state + PKCE verifier), in the database so the callback may land on any replica.
    await queryRunner.query(`
      CREATE TABLE ctct_oauth_states (
        handle varchar(64) PRIMARY KEY,
        code_verifier_encrypted bytea NOT NULL,
        user_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The request budget shared by every replica: pacing (next free slot) and the daily count (UTC day).
    await queryRunner.query(`
      CREATE TABLE ctct_rate_budget (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        next_slot_at timestamptz NOT NULL DEFAULT now(),
        day date NOT NULL DEFAULT (now() AT TIME ZONE 'utc')::date,
        used_today integer NOT NULL DEFAULT 0,
        quota_exhausted_until timestamptz
      )`);
    await queryRunner.query(`INSERT INTO ctct_rate_budget (id) VALUES (1)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ctct_rate_budget`);
    await queryRunner.query(`DROP TABLE ctct_oauth_states`);
    await queryRunner.query(`DROP TABLE ctct_connection`);
  }
}
