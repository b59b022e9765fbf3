import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SYNC_JOBS, type SyncJobName } from '@ctct/shared-types';
import { CronJob } from 'cron';
import { SettingsService } from '../settings/settings.service';
import { RunNotStartedError } from '../runs/run-errors';
import { RunsService } from '../runs/runs.service';

/**
 * Fires each job at the time set in Settings (cron, UTC). Every replica fires; the schedule slot (the minute
 * it fired for) is unique per job in sync_runs, so each firing becomes exactly one run.
 */
@Injectable()
export class SyncScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SyncSchedule');

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly settings: SettingsService,
    private readonly runs: RunsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const job of SYNC_JOBS) await this.schedule(job);
    this.settings.onChange(async (key) => {
      const job = SYNC_JOBS.find((name) => key === `sync.${name}.cron`);
      if (job) await this.schedule(job);
    });
  }

  onApplicationShutdown(): void {
    for (const job of SYNC_JOBS) if (this.registry.doesExist('cron', cronName(job))) this.registry.getCronJob(cronName(job)).stop();
  }

  /** (Re)schedules a job from its setting; called at start and when the setting changes. */
  async schedule(job: SyncJobName): Promise<void> {
    const expression = await this.settings.get(`sync.${job}.cron`);
    if (this.registry.doesExist('cron', cronName(job))) this.registry.deleteCronJob(cronName(job));
    const cron = CronJob.from({ cronTime: expression, timeZone: 'UTC', start: true, onTick: () => void this.fire(job) });
    this.registry.addCronJob(cronName(job), cron as never);
  }

  nextRunAt(job: SyncJobName): string | null {
    if (!this.registry.doesExist('cron', cronName(job))) return null;
    return (this.registry.getCronJob(cronName(job)) as unknown as CronJob).nextDate().toJSDate().toISOString();
  }

  private async fire(job: SyncJobName): Promise<void> {
    const slot = new Date();
    slot.setUTCSeconds(0, 0);
    try {
      await this.runs.requestRun(job, 'schedule', { scheduleSlot: slot.toISOString() });
    } catch (error) {
      if (error instanceof RunNotStartedError) this.logger.warn(`scheduled ${job} run not started: ${error.message}`);
      else this.logger.error({ err: error }, `scheduled ${job} run could not be queued`);
    }
  }
}

function cronName(job: SyncJobName): string {
  return `sync:${job}`;
}
