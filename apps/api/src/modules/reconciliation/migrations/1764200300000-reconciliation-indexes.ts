import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For the reconciliation page (a read model over contacts and the CC mirror; their owners' data is unchanged): the
 * few addresses whose email key holds a non-ASCII character, the only ones that can equal another address by an unsafe
 * case folding (reconciliation/folding-review.ts). Partial indexes over that predicate hold those rows only, so
 * finding them costs nothing instead of a regular-expression scan of both tables on every page.
 */
export class ReconciliationIndexes1764200300000 implements MigrationInterface {
  name = 'ReconciliationIndexes1764200300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX contacts_email_key_non_ascii ON contacts (id) WHERE email_normalized ~ '[^\\x01-\\x7f]' AND deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX ctct_contacts_email_key_non_ascii ON ctct_contacts (contact_id)
         WHERE email_normalized ~ '[^\\x01-\\x7f]' AND cc_deleted_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ctct_contacts_email_key_non_ascii`);
    await queryRunner.query(`DROP INDEX contacts_email_key_non_ascii`);
  }
}
