import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddApiCallLogBudgetLane1763870100000 implements MigrationInterface {
  name = 'AddApiCallLogBudgetLane1763870100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Who a CC call was made for, as the shared budget served it (opt-out, field-update, membership, user, run), so
    // "today's use by kind" is a GROUP BY over the day's rows. Null for older rows.
    await queryRunner.query(`ALTER TABLE api_call_log ADD COLUMN budget_lane varchar(20)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_call_log DROP COLUMN budget_lane`);
  }
}
