import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run links a CRM contact at most once: the database refuses a second "linked" or "relinked" record for the same
 * (run, CRM contact). Runs written before links were one-to-one may hold such pairs (one CRM contact matched to two
 * CC contacts): the first record stays, each later one becomes "needs review", so the admin finds the contacts whose
 * link must be checked instead of the history being silently rewritten.
 */
export class OneLinkRecordPerContact1764100500000 implements MigrationInterface {
  name = 'OneLinkRecordPerContact1764100500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE sync_run_records r
         SET outcome = 'needs_review',
             reason = 'needs review: this run recorded a second link for this CRM contact (before links were one-to-one); '
                      || 'check which Constant Contact contact it is linked to' || coalesce(' — was: ' || r.reason, '')
        FROM (SELECT id, row_number() OVER (PARTITION BY run_id, crm_contact_id ORDER BY id) AS n
                FROM sync_run_records WHERE outcome IN ('linked', 'relinked') AND crm_contact_id IS NOT NULL) d
       WHERE r.id = d.id AND d.n > 1`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX sync_run_records_one_link ON sync_run_records (run_id, crm_contact_id)
        WHERE outcome IN ('linked', 'relinked')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sync_run_records_one_link`);
  }
}
