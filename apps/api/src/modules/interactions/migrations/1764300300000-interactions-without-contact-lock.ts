import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foreign key from interactions.contact_id to contacts checked every imported Interaction by locking its
 * contact's row (FOR KEY SHARE): a third of the insert statement's time on a million-contact database (67 → 45 µs a
 * row alone; bench activities-1m-campaign 67 → 52 µs), and a write to the contacts table per Interaction. Every writer takes contact_id
 * from a live contacts row in the same statement or transaction (importBatch, recordCtctOptOuts,
 * attachEarlierEngagement), and the product deletes contacts softly (deleted_at), so the check guarded nothing;
 * what the key did on a hard delete (ON DELETE SET NULL: the Interactions stay, unattached) is now a statement-level
 * trigger, one UPDATE per DELETE statement through the timeline index.
 */
export class InteractionsWithoutContactLock1764300300000 implements MigrationInterface {
  name = 'InteractionsWithoutContactLock1764300300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE interactions DROP CONSTRAINT interactions_contact_id_fkey`);
    await queryRunner.query(`
      CREATE FUNCTION interactions_detach_deleted_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE interactions i SET contact_id = NULL FROM deleted_contacts d WHERE i.contact_id = d.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER interactions_detach_deleted_contacts AFTER DELETE ON contacts
        REFERENCING OLD TABLE AS deleted_contacts FOR EACH STATEMENT EXECUTE FUNCTION interactions_detach_deleted_contacts()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER interactions_detach_deleted_contacts ON contacts`);
    await queryRunner.query(`DROP FUNCTION interactions_detach_deleted_contacts()`);
    await queryRunner.query(
      `UPDATE interactions i SET contact_id = NULL WHERE contact_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = i.contact_id)`,
    );
    await queryRunner.query(
      `ALTER TABLE interactions ADD CONSTRAINT interactions_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE SET NULL`,
    );
  }
}
