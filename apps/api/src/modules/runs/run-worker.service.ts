import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYNC_JOBS } from '@ctct/shared-types';
import { runWithCorrelation } from '../../common/correlation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CtctDailyShareUsedError, CtctNeedsReconnectError, CtctNotConnectedError, CtctQuotaExceededError } from '../ctct/ctct-errors';
import { RateBudgetService } from '../ctct/rate-budget.service';
import { JobContext, LeaseLostError } from './job-context';
import { JobRegistry } from './run-job';
import { RunRow } from './run.row';
import { RunLease, RunsRepository } from './runs.repository';
import { WorkerLoop, workerId } from './worker-loop';

/**
 * Works off queued runs. Every replica runs this worker; PostgreSQL decides who works on what (SKIP LOCKED
 * claims, heartbeat leases), so a run executes once and a crashed worker's run is resumed by another from its
 * last checkpoint.
 */
@Injectable()
export class RunWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RunWorker');
  private readonly owner = workerId();
  private readonly loop: WorkerLoop<RunRow>;

  constructor(
    private readonly runs: RunsRepository,
    private readonly jobs: JobRegistry,
    private readonly budget: RateBudgetService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.loop = new WorkerLoop<RunRow>({
      name: 'runs',
      // A replica started with SYNC_WORKER=false only queues runs; the workers elsewhere pick them up.
      enabled: config.SYNC_WORKER,
      pollMs: config.SYNC_POLL_MS,
      claim: async () => {
        const run = await this.runs.claim(this.owner, config.SYNC_LEASE_SECONDS);
        return run ? [run] : [];
      },
      work: (run) => this.execute(run),
      heartbeat: { everyMs: Math.max(250, (config.SYNC_LEASE_SECONDS * 1000) / 4), renew: (run) => this.runs.heartbeat(this.lease(run)) },
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Works off queued runs now (the poll does this too); resolves when this worker is idle again. */
  poke(): Promise<void> {
    return this.loop.poke();
  }

  private lease(row: RunRow): RunLease {
    return { runId: row.id, owner: this.owner };
  }

  private async execute(row: RunRow): Promise<void> {
    const lease = this.lease(row);
    const job = this.jobs.get(row.job);
    if (!job) {
      await this.runs.fail(lease, `unknown job ${row.job}`);
      return;
    }
    const context = new JobContext(lease, this.runs, row);
    this.logger.log(`${row.job} run ${row.id} ${row.attempts > 1 ? `resumed (attempt ${row.attempts})` : 'started'}`);
    try {
      if (row.attempts === 1) await this.noteForecast(row, context).catch(() => undefined);
      await runWithCorrelation({ jobRunId: row.id }, () => job.run(context));
      await context.save(context.checkpoint as never, context.progressDone);
      await this.runs.complete(lease);
      this.logger.log(`${row.job} run ${row.id} succeeded ${JSON.stringify(context.counts)}`);
    } catch (error) {
      await this.settleFailure(row, lease, context, error);
    }
  }

  /**
   * A sync job's forecast (its last successful run's calls) against what runs may still use today: when it will
   * not fit, the run says so from the start. Bulk runs are forecast by their preview.
   */
  private async noteForecast(row: RunRow, context: JobContext<unknown>): Promise<void> {
    if (!(SYNC_JOBS as readonly string[]).includes(row.job)) return;
    const last = await this.runs.latest(row.job);
    const calls = last?.status === 'succeeded' ? Number(last.api_calls ?? 0) : null;
    const forecast = await this.budget.forecastRun(calls, 'as many as its last run');
    if (forecast.note) context.note(forecast.note);
  }

  private async settleFailure(row: RunRow, lease: RunLease, context: JobContext<unknown>, error: unknown): Promise<void> {
    if (error instanceof LeaseLostError) {
      this.logger.warn(error.message);
      return;
    }
    // Jobs and bulk runs met the push reserve: paused until CC's midnight, then claimed again by themselves.
    if (error instanceof CtctDailyShareUsedError) context.note(error.detail);
    // Keep counts and notes gathered since the last save; the checkpoint stays as last saved.
    await context.save(context.checkpoint, context.progressDone).catch(() => undefined);
    if (error instanceof CtctQuotaExceededError) {
      await this.runs.pause(lease, error.message, error.resumesAt);
    } else if (error instanceof CtctNeedsReconnectError || error instanceof CtctNotConnectedError) {
      await this.runs.pause(lease, `${error.message} The run resumes from where it stopped once reconnected.`);
    } else {
      this.logger.error({ err: error }, `${row.job} run ${row.id} failed`);
      await this.runs.fail(lease, (error as Error).message ?? String(error));
    }
  }
}
