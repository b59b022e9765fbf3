import type { RunJobName } from '@ctct/shared-types';
import { JobContext } from './job-context';

/** A sync job: does its work through the one CC client, saving checkpoints so a crash or pause can resume. */
export interface SyncJob<Checkpoint = unknown> {
  readonly name: RunJobName;
  run(context: JobContext<Checkpoint>): Promise<void>;
}

/** The jobs the runner can run; each module registers its own (the sync jobs, the bulk memberships job…). */
export class JobRegistry {
  private readonly jobs = new Map<RunJobName, SyncJob>();

  register(job: SyncJob): void {
    this.jobs.set(job.name, job);
  }

  get(name: RunJobName): SyncJob | undefined {
    return this.jobs.get(name);
  }
}
