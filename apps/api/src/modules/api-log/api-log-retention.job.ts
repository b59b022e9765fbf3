import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { withTryAdvisoryLock } from '../../common/advisory-lock';
import { sql } from '../../common/sql';
import { SettingsService } from '../settings/settings.service';

const PURGE_LOCK_KEY = 727_010;
const BATCH = 10_000;

/** Deletes API log rows older than the retention setting (default 30 days), daily, once across replicas. */
@Injectable()
export class ApiLogRetentionJob {
  private readonly logger = new Logger('ApiLogRetention');

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
  ) {}

  @Cron('17 3 * * *', { name: 'api-log-retention', timeZone: 'UTC' })
  async runScheduled(): Promise<void> {
    const outcome = await withTryAdvisoryLock(this.dataSource, PURGE_LOCK_KEY, () => this.purge());
    if (outcome.ran && outcome.result > 0) this.logger.log(`purged ${outcome.result} API log rows past retention`);
  }

  /** Deletes in batches so a large backlog never holds long locks. Returns the number of rows deleted. */
  async purge(): Promise<number> {
    const days = await this.settings.get('apiLog.retentionDays');
    let total = 0;
    for (;;) {
      const deleted = await sql.affected(
        this.dataSource,
        `DELETE FROM api_call_log WHERE id IN (
           SELECT id FROM api_call_log WHERE created_at < now() - make_interval(days => $1) LIMIT ${BATCH})`,
        [days],
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
