import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Which live CRM contact holds this CC contact?" is asked once for every imported Interaction and every CC contact
 * the link job matches. The unique index on the CC id now carries the CRM id, so the answer is read from the index
 * alone instead of one scattered contacts row each: an imported Interaction 36 → 28 µs (the import statement alone,
 * 500-row batches, 1,000,000 contacts), 52 → 41 µs in bench activities-1m-campaign. Same name, same rule (one live
 * CRM contact per CC contact). Pages a link run just wrote are read from the table until vacuum marks them visible.
 */
export class ContactsCtctIdCovering1764300500000 implements MigrationInterface {
  name = 'ContactsCtctIdCovering1764300500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, 'INCLUDE (id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, '');
  }

  private async replace(queryRunner: QueryRunner, include: string): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX contacts_ctct_contact_id_next ON contacts (ctct_contact_id) ${include}
        WHERE deleted_at IS NULL AND ctct_contact_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX contacts_ctct_contact_id_unique`);
    await queryRunner.query(`ALTER INDEX contacts_ctct_contact_id_next RENAME TO contacts_ctct_contact_id_unique`);
  }
}
