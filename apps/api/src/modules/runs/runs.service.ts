import { Injectable } from '@nestjs/common';
import type { RunJobName, SyncRunDto, SyncTrigger } from '@ctct/shared-types';
import { CtctConnectionService } from '../ctct/ctct-connection.service';
import { RateBudgetService } from '../ctct/rate-budget.service';
import { RunNotStartedError } from './run-errors';
import { toSyncRunDto } from './run.row';
import { RunWorker } from './run-worker.service';
import { RunsRepository } from './runs.repository';

/** Where runs are asked for ("Sync now", the schedule, a bulk membership run): queues them for the workers. */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly worker: RunWorker,
    private readonly connection: CtctConnectionService,
    private readonly budget: RateBudgetService,
  ) {}

  /**
   * Asks for a run. Returns the run that will do the work: a new one (or a paused one resumed), or the one
   * already active. Refuses (and, for the schedule, records a skipped run saying why) when CC is not usable.
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
    const { run, created } = await this.runs.enqueue(job, trigger, userId, scheduleSlot, params);
    if (created) void this.worker.poke();
    return { run: toSyncRunDto((await this.runs.get(run.id))!), created };
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
