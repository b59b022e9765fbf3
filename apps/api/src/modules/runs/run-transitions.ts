import type { SyncRunStatus } from '@ctct/shared-types';

/**
 * Every status change a run may make, in one place. The repository's state-changing statements take the
 * statuses they may start from out of this table (so PostgreSQL never makes a change it does not list), and a
 * change it does not list throws. A run row is created as `queued` (asked for) or `skipped` (refused, with why).
 */
export const RUN_TRANSITIONS: Readonly<Record<SyncRunStatus, readonly SyncRunStatus[]>> = {
  // A worker claims it; or it is cancelled before it started.
  queued: ['running', 'cancelled'],
  // It ends; or it is paused with its checkpoint (connection lost, quota or share used up, CC not answering); or,
  // once its worker's lease lapsed (the worker died), another worker claims it again and resumes from its
  // checkpoint; or it stops after the call in progress because it was cancelled (what was done is kept).
  running: ['succeeded', 'failed', 'paused', 'running', 'cancelled'],
  // Resumed (queued with its checkpoint: asked again, Resume, or its cause went away), claimed directly once its
  // wait is over (`resume_after`: the quota's reset, the next outage retry), or cancelled.
  paused: ['queued', 'running', 'cancelled'],
  // Retry: queued again from its checkpoint.
  failed: ['queued'],
  succeeded: [],
  cancelled: [],
  skipped: [],
};

/** The statuses a run row is inserted with. */
export const RUN_INITIAL_STATUSES: readonly SyncRunStatus[] = ['queued', 'skipped'];

/** A status change the table does not allow was attempted: a bug in the caller, never a user error. */
export class InvalidRunTransitionError extends Error {
  constructor(
    readonly from: SyncRunStatus,
    readonly to: SyncRunStatus,
  ) {
    super(`a ${from} run cannot become ${to}`);
  }
}

export function canTransition(from: SyncRunStatus, to: SyncRunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: SyncRunStatus, to: SyncRunStatus): void {
  if (!canTransition(from, to)) throw new InvalidRunTransitionError(from, to);
}

/** The statuses a run may become `to` from (the guard of the statement that makes the change). */
export function statusesBefore(to: SyncRunStatus): SyncRunStatus[] {
  const from = (Object.keys(RUN_TRANSITIONS) as SyncRunStatus[]).filter((status) => canTransition(status, to));
  if (from.length === 0) throw new Error(`no run status may become ${to}`);
  return from;
}
