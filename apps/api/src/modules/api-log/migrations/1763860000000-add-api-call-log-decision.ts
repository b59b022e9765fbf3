import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddApiCallLogDecision1763860000000 implements MigrationInterface {
  name = 'AddApiCallLogDecision1763860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What the CC client decided after this attempt and why ("retry in 412 ms: HTTP 503: failure 1 of 5, …"), so a
    // reader of the log sees why a call was repeated or given up. Null for older rows and for OAuth token calls.
    await queryRunner.query(`ALTER TABLE api_call_log ADD COLUMN decision text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_call_log DROP COLUMN decision`);
  }
}
