import { MigrationInterface, QueryRunner } from 'typeorm';
import { looseEmailKey } from '../../contacts/email-key';

const BACKFILL_BATCH = 5_000;

/**
 * What the link rule needs of the mirrored CC contacts:
 * - email_loose_key: looseEmailKey(email_address), the same value as contacts.email_loose_key, written by
 *   CtctMirrorService with every address. Two CC contacts (or a CC and a CRM contact) with equal loose keys but
 *   different keys are never linked: they need review.
 * - gone_run_id: the run that found this CC contact gone from CC — not listed by a full pass, or its very address
 *   now held by a newer CC contact (CC keeps one contact per address, so the older one was purged). A CRM contact
 *   linked to it is re-linked to the live CC contact with its key; the run reports the ones it could not re-link.
 */
export class CtctContactsIdentity1764100400000 implements MigrationInterface {
  name = 'CtctContactsIdentity1764100400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ctct_contacts ADD COLUMN email_loose_key text, ADD COLUMN gone_run_id uuid`);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ contact_id: string; email_address: string | null }> = await queryRunner.query(
        `SELECT contact_id, email_address FROM ctct_contacts WHERE contact_id > $1 ORDER BY contact_id LIMIT ${BACKFILL_BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].contact_id;
      await queryRunner.query(
        `UPDATE ctct_contacts m SET email_loose_key = v.key FROM unnest($1::uuid[], $2::text[]) AS v(id, key) WHERE m.contact_id = v.id`,
        [rows.map((row) => row.contact_id), rows.map((row) => looseEmailKey(row.email_address))],
      );
    }
    await queryRunner.query(`CREATE INDEX ctct_contacts_email_loose_key ON ctct_contacts (email_loose_key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ctct_contacts DROP COLUMN gone_run_id, DROP COLUMN email_loose_key`);
  }
}
