import type { SyncJobName } from '@ctct/shared-types';
import { JobContext } from './job-context';

/** A sync job: does its work through the one CC client, saving checkpoints so a crash or pause can resume. */
export interface SyncJob<Checkpoint = unknown> {
  readonly name: SyncJobName;
  run(context: JobContext<Checkpoint>): Promise<void>;
}

export const SYNC_JOBS_TOKEN = Symbol('SYNC_JOBS');
