import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same in every replica.
const MIGRATIONS_LOCK_KEY = 727_001;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so API replicas starting together
 * never run the same migration twice: the second one waits, then finds nothing to do.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<string[]> {
  const lockConnection = dataSource.createQueryRunner();
  await lockConnection.connect();
  try {
    await lockConnection.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lockConnection.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK_KEY]).catch(() => undefined);
    await lockConnection.release();
  }
}
