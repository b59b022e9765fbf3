import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contacts list's text search moves its trigram index to a narrow table of its own, kept by triggers in the
 * same transaction as every contacts write (bench search-1m, link-full-1m):
 * - a term on 1 contact in 16 sorted by name checks all of its ~62,500 matches; on `contacts` each check walks
 *   fourteen columns to reach search_text and sort_name at the end of the row (39 ms for the statement at
 *   1,000,000 contacts); on this table they come first (22 ms);
 * - a GIN index on `contacts` took a new entry for every trigram of the row at every non-HOT update, linking
 *   included: 107 µs a link written, 50 without it (2,000-contact batches at 1,000,000 contacts).
 * It holds the live contacts only, with the search's columns (not the CC link: a link does not touch it, and the
 * `linked` filter reads contacts). `contacts.search_text` stays: the name order's covering index carries it.
 */
export class ContactSearchTable1764300400000 implements MigrationInterface {
  name = 'ContactSearchTable1764300400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contact_search (
        contact_id uuid PRIMARY KEY,
        search_text text NOT NULL,
        sort_name varchar(202) NOT NULL,
        type varchar(20) NOT NULL,
        do_not_email boolean NOT NULL
      )`);
    await queryRunner.query(`
      INSERT INTO contact_search (contact_id, search_text, sort_name, type, do_not_email)
      SELECT id, search_text, sort_name, type, do_not_email FROM contacts WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE INDEX contact_search_trgm ON contact_search USING gin (search_text gin_trgm_ops)`);
    // A deep page by name reads the matches after its cursor from here when they are few (the last page of a term).
    await queryRunner.query(`CREATE INDEX contact_search_sort_name ON contact_search (sort_name, contact_id)`);
    await queryRunner.query(`DROP INDEX contacts_search_trgm`);

    // Inserts and deletes by statement (a bulk insert of contacts is one insert here); updates by row, and only when
    // a searched column is in the UPDATE (the link job's writes never are).
    await queryRunner.query(`
      CREATE FUNCTION contact_search_add() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contact_search (contact_id, search_text, sort_name, type, do_not_email)
        SELECT id, search_text, sort_name, type, do_not_email FROM added_contacts WHERE deleted_at IS NULL;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contact_search_on_insert AFTER INSERT ON contacts
        REFERENCING NEW TABLE AS added_contacts FOR EACH STATEMENT EXECUTE FUNCTION contact_search_add()`);
    await queryRunner.query(`
      CREATE FUNCTION contact_search_remove() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM contact_search s USING removed_contacts r WHERE s.contact_id = r.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contact_search_on_delete AFTER DELETE ON contacts
        REFERENCING OLD TABLE AS removed_contacts FOR EACH STATEMENT EXECUTE FUNCTION contact_search_remove()`);
    await queryRunner.query(`
      CREATE FUNCTION contact_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.deleted_at IS NOT NULL THEN
          DELETE FROM contact_search WHERE contact_id = NEW.id;
        ELSE
          INSERT INTO contact_search (contact_id, search_text, sort_name, type, do_not_email)
          VALUES (NEW.id, NEW.search_text, NEW.sort_name, NEW.type, NEW.do_not_email)
          ON CONFLICT (contact_id) DO UPDATE SET search_text = EXCLUDED.search_text, sort_name = EXCLUDED.sort_name,
            type = EXCLUDED.type, do_not_email = EXCLUDED.do_not_email;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contact_search_on_update AFTER UPDATE OF email, first_name, last_name, job_title, type, do_not_email, deleted_at
        ON contacts FOR EACH ROW EXECUTE FUNCTION contact_search_change()`);
    await queryRunner.query(`
      CREATE FUNCTION contact_search_clear() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE contact_search;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER contact_search_on_truncate AFTER TRUNCATE ON contacts FOR EACH STATEMENT EXECUTE FUNCTION contact_search_clear()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX contacts_search_trgm ON contacts USING gin (search_text gin_trgm_ops) WHERE deleted_at IS NULL`);
    for (const trigger of ['on_insert', 'on_delete', 'on_update', 'on_truncate']) {
      await queryRunner.query(`DROP TRIGGER contact_search_${trigger} ON contacts`);
    }
    for (const fn of ['add', 'remove', 'change', 'clear']) await queryRunner.query(`DROP FUNCTION contact_search_${fn}()`);
    await queryRunner.query(`DROP TABLE contact_search`);
  }
}
