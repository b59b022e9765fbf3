import type { ApiErrorBody, FieldError } from '@ctct/shared-types';

/** Errors services throw; the exception filter maps each class to one HTTP status. Messages say what to do. */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** More for the error body than a message, e.g. the run a 409 is about and what can be done with it. */
  readonly details?: Pick<ApiErrorBody, 'run'>;
  constructor(
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  constructor(fields: FieldError[], message = describeFields(fields)) {
    super(message, fields);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

function describeFields(fields: FieldError[]): string {
  return fields.map((field) => `${field.field}: ${field.message}`).join('; ');
}
