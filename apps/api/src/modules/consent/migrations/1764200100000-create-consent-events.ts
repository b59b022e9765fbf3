import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The consent ledger: one row per consent event on either side (a CRM user's Do Not Email, the opt-out push and
 * its outcome, an unsubscribe CC reported, a re-subscribe request). Append-only, enforced by the database: a
 * trigger refuses every UPDATE, DELETE and TRUNCATE, whoever connects (the application's role may own the table,
 * so revoking privileges alone would not hold). It is evidence for GDPR and CAN-SPAM requests: rows name what
 * happened, who or what did it, and the call that carried it; they never change afterwards.
 *
 * No foreign keys: the ledger outlives what it points at (a purged API-log row, a contact erased one day).
 */
export class CreateConsentEvents1764200100000 implements MigrationInterface {
  name = 'CreateConsentEvents1764200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE consent_events (
        id bigserial PRIMARY KEY,
        contact_id uuid NOT NULL,
        kind varchar(40) NOT NULL,
        actor_type varchar(20) NOT NULL,
        actor_id varchar(100),
        actor_label text,
        source varchar(30) NOT NULL,
        reason text,
        -- The address and the CC contact at the time (the contact may change or be erased later).
        email varchar(254),
        ctct_contact_id uuid,
        outbox_id bigint,
        api_call_log_id bigint,
        job_run_id uuid,
        request_id varchar(100),
        occurred_at timestamptz NOT NULL DEFAULT now(),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The contact's timeline (newest first) and the date-range export (oldest first).
    await queryRunner.query(`CREATE INDEX consent_events_contact ON consent_events (contact_id, occurred_at, id)`);
    await queryRunner.query(`CREATE INDEX consent_events_time ON consent_events (occurred_at, id)`);
    await queryRunner.query(`
      CREATE FUNCTION consent_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'consent_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'record a new event instead of changing one';
      END
      $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
        FOR EACH ROW EXECUTE FUNCTION consent_events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER consent_events_no_truncate BEFORE TRUNCATE ON consent_events
        FOR EACH STATEMENT EXECUTE FUNCTION consent_events_refuse_change()`);
    // Roles other than the owner (a reporting user, say) get no way to change it either.
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON consent_events FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE consent_events`);
    await queryRunner.query(`DROP FUNCTION consent_events_refuse_change()`);
  }
}
