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

/** The daily request quota is used up; calls resume at CC's next midnight (by CC's clock), or shortly after it. */
export class CtctQuotaExceededError extends DomainError {
  readonly status = 429;
  constructor(
    readonly resumesAt: Date,
    message = `The Constant Contact daily request quota is used up; work resumes at ${resumesAt.toISOString()} ` +
      `(Constant Contact's midnight).`,
  ) {
    super(message);
  }
}

/**
 * Jobs and bulk runs have used their share of today's quota: the rest is kept for pushes (Settings, push reserve).
 * A quota stop for runs only, so whatever handles a quota stop (pause until `resumesAt`) handles this one too.
 */
export class CtctDailyShareUsedError extends CtctQuotaExceededError {
  constructor(
    resumesAt: Date,
    readonly used: number,
    readonly share: number,
  ) {
    super(resumesAt, `paused: today's share of the Constant Contact quota is used; resumes at ${resumesAt.toISOString()}`);
  }

  /** The longer sentence for the admin: how much was used and what the reserve is for. */
  get detail(): string {
    return (
      `Jobs and bulk runs have used their share of today's Constant Contact quota (${this.used.toLocaleString('en-US')} of ` +
      `${this.share.toLocaleString('en-US')} calls); the rest is kept for pushes (opt-outs first). ` +
      `They resume at ${this.resumesAt.toISOString()}, Constant Contact's midnight.`
    );
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

/** CTCT_CLIENT_ID / CTCT_REDIRECT_URI are missing, so no authorisation can start. */
export class CtctNotConfiguredError extends DomainError {
  readonly status = 409;
  constructor() {
    super(
      'Constant Contact is not configured: set CTCT_CLIENT_ID, CTCT_CLIENT_SECRET and CTCT_REDIRECT_URI (npm start does this for the sandbox).',
    );
  }
}
