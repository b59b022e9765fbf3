import { DomainError } from '../../common/domain-errors';

/** A run was asked for but cannot start (connection missing or revoked, quota used up); the message says why. */
export class RunNotStartedError extends DomainError {
  readonly status = 409;
}
