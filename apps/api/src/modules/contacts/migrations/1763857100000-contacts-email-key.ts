import { MigrationInterface, QueryRunner } from 'typeorm';
import { EMAIL_SPACE_CHARS, emailKey } from '../email-key';

const BACKFILL_BATCH = 5_000;

/** The trimmed characters as a PostgreSQL U&'…' literal (the same set as the TypeScript rule). */
const SPACE_LITERAL = `U&'${[...EMAIL_SPACE_CHARS].map((char) => `\\${char.codePointAt(0)!.toString(16).padStart(4, '0')}`).join('')}'`;

/**
 * contacts.email_normalized becomes the application's email key (`email-key.ts`) instead of the generated
 * `lower(btrim(email))`: PostgreSQL's lower() folds non-ASCII letters by the server's locale, which is not what CC
 * does, and it knows neither NFC nor IDNA. The contacts repository writes the column on every insert and update.
 *
 * contact_email_key(email) is the SQL twin of the rule for every address whose domain is ASCII (the same trim, NFC,
 * and ASCII-only lower-casing; a test holds it to the TypeScript rule on a corpus). It answers NULL where only the
 * application can compute the key: an internationalised (non-ASCII) domain needs UTS-46, or a non-UTF8 server
 * cannot run normalize(). Triggers use it to fill the key for writers that leave it out (tests, benches, a psql
 * session): an insert without a key gets it, or is refused when only the application can compute it (rather than
 * store an address that could never be matched); an update of the email that leaves the key as it was gets the new
 * key (for an internationalised domain the old one stays: it may well be the same key). A key the writer sets is
 * trusted: the contacts repository always sets emailKey(email).
 */
export class ContactsEmailKey1763857100000 implements MigrationInterface {
  name = 'ContactsEmailKey1763857100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION contact_email_key(email text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      DECLARE
        address text := btrim(email, ${SPACE_LITERAL});
        domain text;
      BEGIN
        IF address = '' THEN RETURN NULL; END IF;
        -- All ASCII (nearly every address): NFC changes nothing and the domain needs no IDNA.
        IF address ~ '^[\\x01-\\x7f]*$' THEN
          RETURN translate(address, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
        END IF;
        -- normalize() works only on a UTF8 server; elsewhere the application computes the key.
        IF current_setting('server_encoding') <> 'UTF8' THEN RETURN NULL; END IF;
        address := normalize(address, NFC);
        IF strpos(address, '@') > 0 THEN
          domain := substr(address, length(address) - strpos(reverse(address), '@') + 2);
          -- An internationalised domain needs UTS-46 (IDNA): only the application's emailKey() can key it.
          IF domain !~ '^[\\x01-\\x7f]*$' THEN RETURN NULL; END IF;
        END IF;
        RETURN translate(address, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
      END
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION contacts_fill_email_key() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        computed text := contact_email_key(NEW.email);
      BEGIN
        IF computed IS NOT NULL OR NEW.email IS NULL OR btrim(NEW.email, ${SPACE_LITERAL}) = '' THEN
          NEW.email_normalized := computed;
        ELSIF TG_OP = 'INSERT' THEN
          RAISE EXCEPTION 'contacts.email_normalized must be set to emailKey(email) for %', NEW.email
            USING HINT = 'an internationalised domain needs the application''s UTS-46 mapping (email-key.ts)';
        END IF;
        RETURN NEW;
      END
      $fn$`);
    // The generated column becomes a plain one, keeping its values and its index (no table rewrite: varchar → text
    // is binary-compatible) until the backfill below corrects the keys that change.
    await queryRunner.query(`ALTER TABLE contacts ALTER COLUMN email_normalized DROP EXPRESSION`);
    await queryRunner.query(`ALTER TABLE contacts ALTER COLUMN email_normalized TYPE text`);
    // Only for writers that leave the key out (the WHEN clauses cost nothing to the repository, which sets it).
    await queryRunner.query(`
      CREATE TRIGGER contacts_email_key_on_insert BEFORE INSERT ON contacts FOR EACH ROW
        WHEN (NEW.email_normalized IS NULL AND NEW.email IS NOT NULL) EXECUTE FUNCTION contacts_fill_email_key()`);
    await queryRunner.query(`
      CREATE TRIGGER contacts_email_key_on_update BEFORE UPDATE OF email ON contacts FOR EACH ROW
        WHEN (NEW.email IS DISTINCT FROM OLD.email AND NEW.email_normalized IS NOT DISTINCT FROM OLD.email_normalized)
        EXECUTE FUNCTION contacts_fill_email_key()`);
    // Backfill with the TypeScript rule itself, in keyset batches (bounded memory on a large table); only rows whose
    // key changes are written (non-ASCII letters, NFD, IDN domains, unusual spaces: few in practice).
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; email: string | null; email_normalized: string | null }> = await queryRunner.query(
        `SELECT id, email, email_normalized FROM contacts WHERE id > $1 ORDER BY id LIMIT ${BACKFILL_BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const changed = rows.filter((row) => emailKey(row.email) !== row.email_normalized);
      if (changed.length === 0) continue;
      await queryRunner.query(
        `UPDATE contacts c SET email_normalized = v.key FROM unnest($1::uuid[], $2::text[]) AS v(id, key) WHERE c.id = v.id`,
        [changed.map((row) => row.id), changed.map((row) => emailKey(row.email))],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER contacts_email_key_on_update ON contacts`);
    await queryRunner.query(`DROP TRIGGER contacts_email_key_on_insert ON contacts`);
    await queryRunner.query(`DROP FUNCTION contacts_fill_email_key()`);
    await queryRunner.query(`ALTER TABLE contacts DROP COLUMN email_normalized`);
    await queryRunner.query(
      `ALTER TABLE contacts ADD COLUMN email_normalized varchar(254) GENERATED ALWAYS AS (lower(btrim(email))) STORED`,
    );
    await queryRunner.query(`CREATE INDEX contacts_email_normalized ON contacts (email_normalized) WHERE deleted_at IS NULL`);
    await queryRunner.query(`DROP FUNCTION contact_email_key(text)`);
  }
}
