import { MigrationInterface, QueryRunner } from 'typeorm';
import { looseEmailKey } from '../email-key';

const BACKFILL_BATCH = 5_000;

/**
 * contacts.email_loose_key holds looseEmailKey(email) (email-key.ts): the key with every folding CC may or may not
 * make applied to the local part (full Unicode case folding, Turkish i, ß → ss, final sigma, NFKC). Two addresses
 * with equal loose keys but different keys must never be linked: the link job, the bulk wizard and pushes compare
 * it set-based to find the ambiguities they record as "needs review".
 *
 * PostgreSQL cannot compute it (its lower()/upper() follow the server's collation, not JavaScript's full case
 * mapping), so ContactsRepository writes it with every email. For other writers (tests, benches, psql) a trigger
 * fills it with the key itself: exact for every all-ASCII address (folding ASCII changes nothing the key has not
 * already done), and for a non-ASCII one it still finds the exact matches, only not the folded ones.
 */
export class ContactsEmailLooseKey1764100300000 implements MigrationInterface {
  name = 'ContactsEmailLooseKey1764100300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE contacts ADD COLUMN email_loose_key text`);
    await queryRunner.query(`
      CREATE FUNCTION contacts_fill_email_loose_key() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.email_loose_key := NEW.email_normalized;
        RETURN NEW;
      END
      $fn$`);
    // Named to fire after contacts_email_key_on_* (BEFORE triggers fire in name order), so the key is already there.
    await queryRunner.query(`
      CREATE TRIGGER contacts_email_loose_key_on_insert BEFORE INSERT ON contacts FOR EACH ROW
        WHEN (NEW.email_loose_key IS NULL AND NEW.email IS NOT NULL) EXECUTE FUNCTION contacts_fill_email_loose_key()`);
    await queryRunner.query(`
      CREATE TRIGGER contacts_email_loose_key_on_update BEFORE UPDATE OF email ON contacts FOR EACH ROW
        WHEN (NEW.email IS DISTINCT FROM OLD.email AND NEW.email_loose_key IS NOT DISTINCT FROM OLD.email_loose_key)
        EXECUTE FUNCTION contacts_fill_email_loose_key()`);
    // Backfill: the key for all-ASCII addresses (nearly all, one statement), the TypeScript rule for the others.
    await queryRunner.query(`UPDATE contacts SET email_loose_key = email_normalized WHERE email !~ '[^\\x01-\\x7f]'`);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; email: string }> = await queryRunner.query(
        `SELECT id, email FROM contacts WHERE id > $1 AND email ~ '[^\\x01-\\x7f]' ORDER BY id LIMIT ${BACKFILL_BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      await queryRunner.query(
        `UPDATE contacts c SET email_loose_key = v.key FROM unnest($1::uuid[], $2::text[]) AS v(id, key) WHERE c.id = v.id`,
        [rows.map((row) => row.id), rows.map((row) => looseEmailKey(row.email))],
      );
    }
    await queryRunner.query(`CREATE INDEX contacts_email_loose_key ON contacts (email_loose_key) WHERE deleted_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER contacts_email_loose_key_on_update ON contacts`);
    await queryRunner.query(`DROP TRIGGER contacts_email_loose_key_on_insert ON contacts`);
    await queryRunner.query(`DROP FUNCTION contacts_fill_email_loose_key()`);
    await queryRunner.query(`ALTER TABLE contacts DROP COLUMN email_loose_key`);
  }
}
