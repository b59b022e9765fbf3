import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The joined search text as this migration indexes it (frozen here, like any migration; contact-search-text.spec
 * checks that the search still sends exactly this expression, or the index would silently stop being used).
 */
export const SEARCH_TEXT_1763871000000 =
  `(coalesce(email, '') || E'\\x1f' || coalesce(first_name, '') || ' ' || coalesce(last_name, '')` + ` || E'\\x1f' || coalesce(job_title, ''))`;

/**
 * The contacts list's text search (`%text%` over email, names and job title, case-insensitive) read every live
 * contact: ~80 ms at 50,000, seconds at 1,000,000. A trigram GIN index over the joined search text answers it
 * from the index (bench search-1m). pg_trgm ships with PostgreSQL (contrib) and is a trusted extension.
 */
export class ContactsSearchTrigram1763871000000 implements MigrationInterface {
  name = 'ContactsSearchTrigram1763871000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX contacts_search_trgm ON contacts USING gin (${SEARCH_TEXT_1763871000000} gin_trgm_ops) WHERE deleted_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The extension stays: other objects may use it by then.
    await queryRunner.query(`DROP INDEX contacts_search_trgm`);
  }
}
