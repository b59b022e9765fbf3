import { DataSource } from 'typeorm';

/**
 * Runs `work` only if no other process (replica) holds the same PostgreSQL advisory lock; otherwise returns
 * `skipped`. The lock is tied to one connection and released when work ends (or the process dies).
 */
export async function withTryAdvisoryLock<T>(
  dataSource: DataSource,
  key: number,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  const connection = dataSource.createQueryRunner();
  await connection.connect();
  try {
    const [{ locked }] = await connection.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await connection.release();
  }
}
