import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { RunJobName, SyncRunDto, SyncTrigger } from '@ctct/shared-types';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { runWithCorrelation } from '../../common/correlation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CtctConnectionService } from '../ctct/ctct-connection.service';
import { CtctNeedsReconnectError, CtctNotConnectedError, CtctQuotaExceededError } from '../ctct/ctct-errors';
import { JobContext, LeaseLostError } from './job-context';
import { JobRegistry } from './sync-job';
import { SyncNotStartedError } from './sync-errors';
import { SyncRunRepository, SyncRunRow, toSyncRunDto } from './sync-run.repository';

/**
 * Starts runs and works them off. Every replica runs this worker; PostgreSQL decides who works on what
 * (SKIP LOCKED claims, heartbeat leases), so a run executes once and a crashed worker's run is resumed by
 * another from its last checkpoint.
 */
@Injectable()
export class SyncRunnerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SyncRunner');
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private working: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly runs: SyncRunRepository,
    private readonly connection: CtctConnectionService,
    private readonly jobs: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SYNC_WORKER) return;
    this.timer = setInterval(() => this.poke(), this.config.SYNC_POLL_MS);
    this.timer.unref();
    this.poke();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.working?.catch(() => undefined);
  }

  /**
   * Asks for a run. Returns the run that will do the work: a new one, or the one already active.
   * Refuses (and, for the schedule, records a skipped run saying why) when CC is not usable.
   */
  async requestRun(
    job: RunJobName,
    trigger: SyncTrigger,
    options: { userId?: string; scheduleSlot?: string; params?: unknown } = {},
  ): Promise<{ run: SyncRunDto; created: boolean }> {
    const blocked = await this.whyCannotStart();
    if (blocked) {
      if (trigger === 'schedule') await this.runs.recordSkipped(job, trigger, null, options.scheduleSlot ?? null, blocked);
      throw new SyncNotStartedError(blocked);
    }
    const { run, created } = await this.runs.enqueue(job, trigger, options.userId ?? null, options.scheduleSlot ?? null, options.params ?? null);
    if (created) this.poke();
    return { run: toSyncRunDto((await this.runs.get(run.id))!), created };
  }

  /** Works off queued runs now (the interval does this too); resolves when this worker is idle again. */
  poke(): Promise<void> {
    // A replica started with SYNC_WORKER=false only queues runs; the workers elsewhere pick them up.
    if (this.stopped || !this.config.SYNC_WORKER) return Promise.resolve();
    this.working ??= this.drain().finally(() => (this.working = null));
    return this.working;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const run = await this.runs.claimNext(this.owner, this.config.SYNC_LEASE_SECONDS).catch((error) => {
        this.logger.warn(`could not claim a run: ${(error as Error).message}`);
        return null;
      });
      if (!run) return;
      await this.execute(run);
    }
  }

  private async execute(row: SyncRunRow): Promise<void> {
    const job = this.jobs.get(row.job);
    if (!job) {
      await this.runs.finish(row.id, this.owner, 'failed', `unknown job ${row.job}`);
      return;
    }
    const context = new JobContext(row.id, this.owner, this.runs, row);
    const heartbeat = setInterval(() => {
      this.runs.heartbeat(row.id, this.owner).catch(() => undefined);
    }, Math.max(250, (this.config.SYNC_LEASE_SECONDS * 1000) / 4));
    this.logger.log(`${row.job} run ${row.id} ${row.attempts > 1 ? `resumed (attempt ${row.attempts})` : 'started'}`);
    try {
      await runWithCorrelation({ jobRunId: row.id }, () => job.run(context));
      await context.save(context.checkpoint as never, context.progressDone);
      await this.runs.finish(row.id, this.owner, 'succeeded', null);
      this.logger.log(`${row.job} run ${row.id} succeeded ${JSON.stringify(context.counts)}`);
    } catch (error) {
      await this.settleFailure(row, context, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async settleFailure(row: SyncRunRow, context: JobContext<unknown>, error: unknown): Promise<void> {
    if (error instanceof LeaseLostError) {
      this.logger.warn(error.message);
      return;
    }
    // Keep counts and notes gathered since the last save; the checkpoint stays as last saved.
    await context.save(context.checkpoint, context.progressDone).catch(() => undefined);
    if (error instanceof CtctQuotaExceededError) {
      await this.runs.finish(row.id, this.owner, 'paused', error.message, error.resumesAt);
    } else if (error instanceof CtctNeedsReconnectError || error instanceof CtctNotConnectedError) {
      await this.runs.finish(row.id, this.owner, 'paused', `${error.message} The run resumes from where it stopped once reconnected.`);
    } else {
      this.logger.error({ err: error }, `${row.job} run ${row.id} failed`);
      await this.runs.finish(row.id, this.owner, 'failed', (error as Error).message ?? String(error));
    }
  }

  private async whyCannotStart(): Promise<string | null> {
    const connection = await this.connection.describe();
    if (connection.state === 'disconnected') return 'Constant Contact is not connected: connect it under Settings.';
    if (connection.state === 'needs_reconnect') return `Constant Contact needs to be reconnected (${connection.reason ?? 'authorisation lost'}).`;
    if (connection.budget.quotaExhaustedUntil) return `The daily Constant Contact quota is used up; runs resume after ${connection.budget.quotaExhaustedUntil}.`;
    return null;
  }
}
