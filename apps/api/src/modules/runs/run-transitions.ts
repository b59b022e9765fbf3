import type { SyncRunStatus } from '@ctct/shared-types';

/**
 * Every status change a run may make, in one place. The repository's state-changing statements take the
 * statuses they may start from out of this table (so PostgreSQL never makes a change it does not list), and a
 * change it does not list throws. A run row is created as `queued` (asked for) or `skipped` (refused, with why).
 */
export const RUN_TRANSITIONS: Readonly<Record<SyncRunStatus, readonly SyncRunStatus[]>> = {
  // A worker claims it.
  queued: ['running'],
  // It ends; or it is paused with its checkpoint (connection lost, quota used up); or, once its worker's lease
  // lapsed (the worker died), another worker claims it again and resumes from its checkpoint.
  running: ['succeeded', 'failed', 'paused', 'running'],
  // Asked for again (queued with its checkpoint), or claimed directly once its quota wait is over.
  paused: ['queued', 'running'],
  succeeded: [],
  failed: [],
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
