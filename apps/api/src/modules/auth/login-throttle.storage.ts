import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { sql } from '../../common/sql';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface ThrottleRow {
  hits: number;
  blocked: boolean;
  expires_in: number;
  block_expires_in: number;
}

/**
 * @nestjs/throttler's storage in PostgreSQL (table auth_throttle), so login attempts count across replicas:
 * a guesser spreading attempts over replicas behind a load balancer meets the same limit as one hitting a single
 * replica. One atomic upsert per attempt: a fixed window of `ttl`; past `limit` hits the key is blocked for
 * `blockDuration` (attempts while blocked do not count), then starts afresh — as the in-memory storage does.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  private calls = 0;

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const row = await sql.one<ThrottleRow>(
      this.dataSource,
      `INSERT INTO auth_throttle AS t (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000), NULL)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN t.blocked_until > now() THEN t.hits
                     WHEN t.window_ends_at <= now() OR t.blocked_until IS NOT NULL THEN 1
                     ELSE t.hits + 1 END,
         window_ends_at = CASE WHEN t.blocked_until > now() THEN t.window_ends_at
                               WHEN t.window_ends_at <= now() OR t.blocked_until IS NOT NULL THEN excluded.window_ends_at
                               ELSE t.window_ends_at END,
         blocked_until = CASE WHEN t.blocked_until > now() THEN t.blocked_until
                              WHEN t.window_ends_at > now() AND t.blocked_until IS NULL AND t.hits + 1 > $3::int
                                THEN now() + make_interval(secs => $4::float8 / 1000)
                              ELSE NULL END
       RETURNING hits, coalesce(blocked_until > now(), false) AS blocked,
         greatest(0, ceil(extract(epoch FROM window_ends_at - now())))::int AS expires_in,
         greatest(0, ceil(extract(epoch FROM coalesce(blocked_until, now()) - now())))::int AS block_expires_in`,
      [key, ttl, limit, blockDuration],
    );
    // Old keys are worth nothing; sweep now and then rather than on every attempt.
    if (++this.calls % 50 === 1) {
      await sql.affected(
        this.dataSource,
        `DELETE FROM auth_throttle WHERE window_ends_at < now() - interval '1 hour' AND coalesce(blocked_until, now()) <= now()`,
      );
    }
    return { totalHits: row!.hits, timeToExpire: row!.expires_in, isBlocked: row!.blocked, timeToBlockExpire: row!.block_expires_in };
  }
}
