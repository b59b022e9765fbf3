import { DomainError } from '../../common/domain-errors';

/** No CC account is connected: connect one under Settings first. */
export class CtctNotConnectedError extends DomainError {
  readonly status = 409;
  constructor() {
    super('No Constant Contact account is connected. Connect one under Settings.');
  }
}

/** CC refused our tokens (revoked, or a refresh token was rejected): an admin must connect again. */
export class CtctNeedsReconnectError extends DomainError {
  readonly status = 409;
  constructor(readonly reason: string) {
    super(`The Constant Contact connection needs to be re-authorised (${reason}). Reconnect under Settings.`);
  }
}

/** The daily request quota is used up; calls resume at 00:00 UTC. */
export class CtctQuotaExceededError extends DomainError {
  readonly status = 429;
  constructor(readonly resumesAt: Date) {
    super(`The Constant Contact daily request quota is used up; work resumes at ${resumesAt.toISOString()} (00:00 UTC).`);
  }
}

/** CC answered with an error we do not retry (a 4xx other than 401/429), or kept failing after every retry. */
export class CtctApiError extends DomainError {
  readonly status = 502;
  constructor(
    readonly operation: string,
    readonly httpStatus: number | null,
    readonly errorKey: string | null,
    readonly errorMessage: string,
  ) {
    super(`Constant Contact ${operation} failed${httpStatus ? ` (${httpStatus}${errorKey ? ` ${errorKey}` : ''})` : ''}: ${errorMessage}`);
  }
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** CTCT_CLIENT_ID / CTCT_REDIRECT_URI are missing, so no authorisation can start. */
export class CtctNotConfiguredError extends DomainError {
  readonly status = 409;
  constructor() {
    super('Constant Contact is not configured: set CTCT_CLIENT_ID, CTCT_CLIENT_SECRET and CTCT_REDIRECT_URI (npm start does this for the sandbox).');
  }
}
