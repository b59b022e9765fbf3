import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContacts1763856100000 implements MigrationInterface {
  name = 'CreateContacts1763856100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254),
        email_normalized varchar(254) GENERATED ALWAYS AS (lower(btrim(email))) STORED,
        first_name varchar(100),
        last_name varchar(100),
        job_title varchar(150),
        phone varchar(40),
        type varchar(20) NOT NULL DEFAULT 'other' CHECK (type IN ('customer', 'supplier', 'lead', 'other')),
        do_not_email boolean NOT NULL DEFAULT false,
        ctct_contact_id uuid,
        -- Sort key for "sort by name": last name, then first name, case-insensitive; keyset pages use (sort_name, id).
        sort_name varchar(202) GENERATED ALWAYS AS (lower(coalesce(last_name, '') || ' ' || coalesce(first_name, ''))) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // A CC contact is linked to at most one live CRM contact.
    await queryRunner.query(
      `CREATE UNIQUE INDEX contacts_ctct_contact_id_unique ON contacts (ctct_contact_id) WHERE deleted_at IS NULL AND ctct_contact_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX contacts_email_normalized ON contacts (email_normalized) WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE INDEX contacts_sort_name ON contacts (sort_name, id) WHERE deleted_at IS NULL`);
    await queryRunner.query(`CREATE INDEX contacts_updated_at ON contacts (updated_at, id) WHERE deleted_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE contacts`);
  }
}
