import { Injectable } from '@nestjs/common';
import type { RunJobName } from '@ctct/shared-types';
import { JobContext } from './job-context';

/**
 * A job the run engine runs: it does its work through the one CC client and saves checkpoints through its
 * context, so a crash or pause can resume. Each module registers its own jobs (the sync jobs, the bulk memberships job…).
 */
export interface RunJob<Checkpoint = unknown> {
  readonly name: RunJobName;
  run(context: JobContext<Checkpoint>): Promise<void>;
}

/** The jobs the run worker can run, by name. Modules register theirs in onModuleInit, before any worker starts. */
@Injectable()
export class JobRegistry {
  private readonly jobs = new Map<RunJobName, RunJob>();

  register(job: RunJob): void {
    this.jobs.set(job.name, job);
  }

  get(name: RunJobName): RunJob | undefined {
    return this.jobs.get(name);
  }
}
