import { createTestDatabase, TestDatabase } from '../../../apps/api/test/support/test-database';
import { progress } from './log';

export type BenchDatabase = TestDatabase;

/** Databases created and not yet dropped, so an interrupted run can still clean up (see dropOpenDatabases). */
const open = new Map<string, BenchDatabase>();

/** A fresh, empty database named `ctct_bench_<label>_<pid>_<random>` (the tests' helper, with a prefix of its own). */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 24);
  const created = await createTestDatabase(`ctct_bench_${safeLabel}`);
  const database: BenchDatabase = {
    ...created,
    async drop() {
      open.delete(created.name);
      // BENCH_KEEP_DATABASE=1 leaves it for a look at its plans in psql (drop it by hand afterwards).
      if (process.env.BENCH_KEEP_DATABASE === '1') return progress('database', `kept ${created.name} (BENCH_KEEP_DATABASE)`);
      await created.drop();
    },
  };
  open.set(created.name, database);
  return database;
}

/** Creates a throwaway database, runs `work` with it, and drops it whatever happens. */
export async function withBenchDatabase<T>(label: string, work: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await createBenchDatabase(label);
  try {
    return await work(database);
  } finally {
    await database.drop();
  }
}

/** Drops every database this process created and has not dropped yet (Ctrl-C, crash). */
export async function dropOpenDatabases(): Promise<void> {
  for (const database of [...open.values()]) {
    await database.drop().catch((error: Error) => progress('database', `could not drop ${database.name}: ${error.message}`));
  }
}
