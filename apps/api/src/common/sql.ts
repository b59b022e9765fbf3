import { DataSource, type EntityManager, type QueryResult, type QueryRunner } from 'typeorm';

/** Anything a statement can run on: the pool, or a transaction's manager (then the statement joins it). */
export type Db = DataSource | EntityManager;

/**
 * The typed SQL layer. Every statement goes through one of these three, so a caller names the row type it
 * expects instead of receiving `any`, and UPDATE/DELETE counts no longer depend on the driver's result shape
 * (TypeORM's `query()` returns rows for SELECT/INSERT but `[rows, count]` for UPDATE/DELETE).
 */
export const sql = {
  /** Every row the statement returns. */
  async rows<T>(db: Db, text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await run(db, text, params)).records as T[];
  },

  /** The first row, or undefined when there is none. */
  async one<T>(db: Db, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await run(db, text, params)).records[0] as T | undefined;
  },

  /** How many rows an INSERT/UPDATE/DELETE touched. */
  async affected(db: Db, text: string, params: readonly unknown[] = []): Promise<number> {
    return (await run(db, text, params)).affected ?? 0;
  },
};

async function run(db: Db, text: string, params: readonly unknown[]): Promise<QueryResult> {
  const joined = db instanceof DataSource ? undefined : db.queryRunner;
  if (joined && !joined.isReleased) return joined.query(text, [...params], true);
  const dataSource = db instanceof DataSource ? db : db.connection;
  const runner: QueryRunner = dataSource.createQueryRunner();
  try {
    return await runner.query(text, [...params], true);
  } finally {
    await runner.release();
  }
}
