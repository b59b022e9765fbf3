import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddBudgetCcClockAndTokenPacing1763870000000 implements MigrationInterface {
  name = 'AddBudgetCcClockAndTokenPacing1763870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // CC's daily quota resets at CC's midnight, not ours: the budget keeps CC's clock (CC − ours, estimated from
    // its Date headers, and how sure we are) so every replica counts the day and waits for the reset by CC's clock.
    // `day` now names CC's day. Null offset: never measured yet (taken as 0 ± 1 s).
    await queryRunner.query(`ALTER TABLE ctct_rate_budget ADD COLUMN cc_clock_offset_ms double precision`);
    await queryRunner.query(`ALTER TABLE ctct_rate_budget ADD COLUMN cc_clock_uncertainty_ms double precision`);
    // CC's token endpoint admits one request a second per application: the next free moment, booked by every
    // replica (code exchange or refresh) before it calls.
    await queryRunner.query(`ALTER TABLE ctct_rate_budget ADD COLUMN token_next_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ctct_rate_budget DROP COLUMN token_next_at`);
    await queryRunner.query(`ALTER TABLE ctct_rate_budget DROP COLUMN cc_clock_uncertainty_ms`);
    await queryRunner.query(`ALTER TABLE ctct_rate_budget DROP COLUMN cc_clock_offset_ms`);
  }
}
