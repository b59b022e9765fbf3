import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { RunJobName, SyncRunDto, SyncTrigger } from '@ctct/shared-types';
import { NotFoundError } from '../../common/domain-errors';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CtctConnectionEvents } from '../ctct/ctct-connection.events';
import { CtctConnectionService } from '../ctct/ctct-connection.service';
import { PausedRunConflictError, RunNotStartedError, RunStateError } from './run-errors';
import { RunRow, toSyncRunDto } from './run.row';
import { RateBudgetService } from '../ctct/rate-budget.service';
import { RunWorker } from './run-worker.service';
import { RunsRepository } from './runs.repository';

// How often a replica looks for runs paused for the connection while it is connected again (the reconnect
// event resumes them at once on the replica that saw it; this is the fallback for the others, and after a crash).
const RECONNECT_SWEEP_MS = 30_000;

/**
 * Where runs are asked for ("Sync now", the schedule, a bulk membership run) and steered (Resume, Retry, Cancel):
 * queues them for the workers, and resumes paused runs once their cause is gone.
 */
@Injectable()
export class RunsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Runs');
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly runs: RunsRepository,
    private readonly worker: RunWorker,
    private readonly connection: CtctConnectionService,
    private readonly connectionEvents: CtctConnectionEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly budget: RateBudgetService,
  ) {}

  onApplicationBootstrap(): void {
    this.connectionEvents.onRestored(async () => void (await this.resumeReconnected()));
    if (!this.config.SYNC_WORKER) return;
    this.sweep = setInterval(() => void this.resumeIfConnected().catch(() => undefined), RECONNECT_SWEEP_MS);
    this.sweep.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  /**
   * Asks for a run. Returns the run that will do the work: a new one, the job's paused run resumed (when asked
   * with the same parameters), or the one already active. Refuses when CC is not usable (the schedule records a
   * skipped run saying why), and when a paused run of the job has other parameters (409 naming it: Resume or Cancel it).
   */
  async requestRun(
    job: RunJobName,
    trigger: SyncTrigger,
    options: { userId?: string; scheduleSlot?: string; params?: unknown } = {},
  ): Promise<{ run: SyncRunDto; created: boolean }> {
    const blocked = await this.whyCannotStart();
    if (blocked) {
      if (trigger === 'schedule') await this.runs.recordSkipped(job, trigger, null, options.scheduleSlot ?? null, blocked);
      throw new RunNotStartedError(blocked);
    }
    const { userId = null, scheduleSlot = null, params = null } = options;
    const paused = await this.runs.pausedRun(job);
    if (paused) {
      if (!sameParams(paused.params ?? null, params)) {
        throw new PausedRunConflictError(
          `A paused ${job} run (${paused.id}) is waiting with other parameters: resume it, or cancel it and ask again.`,
          { id: paused.id, job, status: paused.status },
        );
      }
      // The same work: carry on from its checkpoint rather than start over.
      const resumed = await this.runs.resume(paused.id);
      if (resumed) return { run: await this.queued(resumed), created: true };
    }
    const { run, created } = await this.runs.enqueue(job, trigger, userId, scheduleSlot, params);
    const dto = toSyncRunDto((await this.runs.get(run.id))!);
    if (created) void this.worker.poke();
    return { run: dto, created };
  }

  /** Whether the job has a paused run asked for with these very parameters (the next such request resumes it). */
  async hasPausedRun(job: RunJobName, params: unknown): Promise<boolean> {
    const paused = await this.runs.pausedRun(job);
    return paused !== null && sameParams(paused.params ?? null, params);
  }

  /** Resume: a paused run carries on from its checkpoint now (refused while its cause is still there). */
  async resume(runId: string): Promise<SyncRunDto> {
    const run = await this.existing(runId);
    if (run.status !== 'paused') throw new RunStateError(`Only a paused run can be resumed; this one is ${run.status}.`);
    const blocked = await this.whyCannotStart();
    if (blocked) throw new RunNotStartedError(blocked);
    const resumed = await this.runs.resume(runId);
    if (!resumed) throw new RunStateError(await this.whyNotRequeued(run));
    return this.queued(resumed);
  }

  /** Retry: a failed run runs again from its checkpoint (its records kept), e.g. after CC's outage or a fix. */
  async retry(runId: string): Promise<SyncRunDto> {
    const run = await this.existing(runId);
    if (run.status !== 'failed') throw new RunStateError(`Only a failed run can be retried; this one is ${run.status}.`);
    const blocked = await this.whyCannotStart();
    if (blocked) throw new RunNotStartedError(blocked);
    const queued = await this.runs.retry(runId);
    if (!queued) throw new RunStateError(await this.whyNotRequeued(run));
    return this.queued(queued);
  }

  /**
   * Cancel: a queued or paused run ends at once; a running one stops after the call in progress. Either way what
   * it did so far (checkpoint, records) is kept.
   */
  async cancel(runId: string, userId: string | null): Promise<SyncRunDto> {
    const run = await this.existing(runId);
    const cancelled = await this.runs.cancel(runId, userId, 'Cancelled before it finished; what was done before is kept.');
    if (!cancelled) throw new RunStateError(`The run has already ended (${run.status}): there is nothing to cancel.`);
    return toSyncRunDto((await this.runs.get(runId))!);
  }

  /** Runs paused because the connection was lost resume (the connection was just restored). */
  async resumeReconnected(): Promise<number> {
    const resumed = await this.runs.resumePausedFor('connection');
    if (resumed.length) {
      this.logger.log(`resumed ${resumed.length} run(s) paused for the connection`);
      void this.worker.poke();
    }
    return resumed.length;
  }

  private async resumeIfConnected(): Promise<void> {
    if ((await this.connection.describe()).state === 'connected') await this.resumeReconnected();
  }

  /** The run as it was queued (read before the worker is woken, so the answer does not race the claim). */
  private async queued(row: RunRow): Promise<SyncRunDto> {
    const dto = toSyncRunDto((await this.runs.get(row.id)) ?? row);
    void this.worker.poke();
    return dto;
  }

  private async existing(runId: string): Promise<RunRow> {
    const run = await this.runs.get(runId);
    if (!run) throw new NotFoundError(`No sync run ${runId}`);
    return run;
  }

  private async whyNotRequeued(run: RunRow): Promise<string> {
    const active = await this.runs.active(run.job);
    if (active && active.id !== run.id) return `Another ${run.job} run (${active.id}) is in progress: wait for it, or cancel it.`;
    const now = await this.runs.get(run.id);
    return `The run is ${now?.status ?? 'gone'} now; reload it.`;
  }

  private async whyCannotStart(): Promise<string | null> {
    const connection = await this.connection.describe();
    if (connection.state === 'disconnected') return 'Constant Contact is not connected: connect it under Settings.';
    if (connection.state === 'needs_reconnect') {
      return `Constant Contact needs to be reconnected (${connection.reason ?? 'authorisation lost'}).`;
    }
    // The quota used up, or jobs and bulk runs at their share of it (the rest is kept for pushes).
    return this.budget.whyRunsCannotStart();
  }
}

/** Whether two requests ask for the same work: equal JSON once object keys are sorted (order of keys never matters). */
export function sameParams(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.sort(([x], [y]) => x.localeCompare(y)));
  });
}
