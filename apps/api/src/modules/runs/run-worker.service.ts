import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYNC_JOBS } from '@ctct/shared-types';
import { runWithCorrelation } from '../../common/correlation';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { RunPauseCause } from '@ctct/shared-types';
import {
  CtctApiError,
  CtctDailyShareUsedError,
  CtctNeedsReconnectError,
  CtctNotConnectedError,
  CtctQuotaExceededError,
} from '../ctct/ctct-errors';
import { JobContext, LeaseLostError, RunCancelledError } from './job-context';
import { RunEvents, RunSettled } from './run-events';
import { RateBudgetService } from '../ctct/rate-budget.service';
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
    private readonly events: RunEvents,
    private readonly budget: RateBudgetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    // Cancelled while its worker was gone (a lapsed lease taken over): nothing more to do.
    if (row.cancel_requested_at) {
      await this.settle(row, 'cancelled', CANCELLED, () => this.runs.cancelled(lease, CANCELLED));
      return;
    }
    const context = new JobContext(lease, this.runs, row);
    this.logger.log(`${row.job} run ${row.id} ${row.attempts > 1 ? `resumed (attempt ${row.attempts})` : 'started'}`);
    try {
      if (row.attempts === 1) await this.noteForecast(row, context).catch(() => undefined);
      await runWithCorrelation({ jobRunId: row.id, beforeCall: () => context.throwIfCancelled() }, () => job.run(context));
      await context.flush();
      await this.settle(row, 'succeeded', null, () => this.runs.complete(lease));
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
    // Keep counts, notes and outcomes gathered since the last save; the checkpoint stays as last saved.
    await context.flush().catch(() => undefined);
    const pause = (reason: string, resumeAfter: Date | null, cause: RunPauseCause) =>
      this.settle(row, 'paused', reason, () => this.runs.pause(lease, reason, resumeAfter, cause));
    if (error instanceof RunCancelledError) {
      await this.settle(row, 'cancelled', CANCELLED, () => this.runs.cancelled(lease, CANCELLED));
    } else if (error instanceof CtctQuotaExceededError || resumesAtOf(error)) {
      // The daily quota, or (the budget's) share of it for runs: claimed again by any replica's worker once it resets.
      const cause = (error as { pauseCause?: RunPauseCause }).pauseCause ?? 'quota';
      await pause((error as Error).message, resumesAtOf(error), cause);
    } else if (error instanceof CtctNeedsReconnectError || error instanceof CtctNotConnectedError) {
      await pause(`${error.message} The run resumes from where it stopped once reconnected.`, null, 'connection');
    } else if (isOutage(error)) {
      await this.pauseForOutage(row, lease, error as CtctApiError);
    } else {
      this.logger.error({ err: error }, `${row.job} run ${row.id} failed`);
      const reason = (error as Error).message ?? String(error);
      await this.settle(row, 'failed', reason, () => this.runs.fail(lease, reason));
    }
  }

  /** CC kept failing (5xx, timeouts) through every retry of one call: wait, growing, then try again from the checkpoint. */
  private async pauseForOutage(row: RunRow, lease: RunLease, error: CtctApiError): Promise<void> {
    const pauses = (await this.runs.outagePauses(row.id)) + 1;
    if (pauses > this.config.RUN_OUTAGE_MAX_PAUSES) {
      const reason =
        `${error.message}. Constant Contact kept failing through ${pauses - 1} retries of the run; ` + 'Retry it when CC answers again.';
      await this.settle(row, 'failed', reason, () => this.runs.fail(lease, reason));
      return;
    }
    const waitMs = Math.min(MAX_OUTAGE_WAIT_MS, this.config.RUN_OUTAGE_RETRY_SECONDS * 1000 * 2 ** (pauses - 1));
    const resumeAfter = new Date(Date.now() + waitMs);
    const reason =
      `Constant Contact is not answering (${error.message}); the run tries again at ${resumeAfter.toISOString()} ` +
      `(retry ${pauses} of ${this.config.RUN_OUTAGE_MAX_PAUSES}) from where it stopped.`;
    await this.settle(row, 'paused', reason, () => this.runs.pause(lease, reason, resumeAfter, 'outage'));
  }

  /** Makes the change and, when it was ours to make, tells the listeners (alerts). */
  private async settle(row: RunRow, status: RunSettled['status'], reason: string | null, change: () => Promise<boolean>): Promise<void> {
    if (await change()) await this.events.settled({ row, status, reason });
  }
}

const CANCELLED = 'Cancelled: it stopped after the call in progress; what was done before is kept.';
const MAX_OUTAGE_WAIT_MS = 30 * 60_000;

/** The time a pause error says work may resume (the quota's reset, or the budget's share reset). */
function resumesAtOf(error: unknown): Date | null {
  const at = (error as { resumesAt?: unknown } | null)?.resumesAt;
  return at instanceof Date ? at : null;
}

/** CC unavailable rather than refusing us: no answer, a 5xx, or still throttled after every retry. */
function isOutage(error: unknown): boolean {
  if (!(error instanceof CtctApiError)) return false;
  return error.httpStatus === null || error.httpStatus >= 500 || error.httpStatus === 429;
}
