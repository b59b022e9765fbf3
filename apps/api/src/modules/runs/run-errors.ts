import type { ApiErrorBody } from '@ctct/shared-types';
import { DomainError } from '../../common/domain-errors';

/** A run was asked for but cannot start (connection missing or revoked, quota used up); the message says why. */
export class RunNotStartedError extends DomainError {
  readonly status = 409;
}

/** A run cannot do what was asked in its status (e.g. Resume a run that is not paused); the message says why. */
export class RunStateError extends DomainError {
  readonly status = 409;
}

/**
 * A new request meets a paused run of the same job with other parameters: resuming it would do the old work,
 * so the request is refused, naming the paused run and what can be done (Resume it, or Cancel it and ask again).
 */
export class PausedRunConflictError extends DomainError {
  readonly status = 409;
  override readonly details: Pick<ApiErrorBody, 'run'>;
  constructor(message: string, run: { id: string; job: string; status: string }) {
    super(message);
    this.details = { run: { ...run, actions: ['resume', 'cancel'] } };
  }
}
