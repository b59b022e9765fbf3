import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody, FieldError } from '@ctct/shared-types';

/** What the admin shows for a failed API call: the status, a sentence for the user, per-field messages. */
export interface ApiError {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  message: string;
  fields: FieldError[];
  /** True when `message` is the API's own (an `ApiErrorBody`), false for the admin's fallback wording. */
  fromServer: boolean;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: 'Cannot reach the server. Check your connection and retry.',
  401: 'Your session has ended. Sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  429: 'Too many requests. Wait a minute and try again.',
};

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as ApiErrorBody).message === 'string' &&
    typeof (body as ApiErrorBody).statusCode === 'number'
  );
}

/**
 * Maps anything thrown by an HttpClient call (also when wrapped as `cause` by a resource) to an `ApiError`.
 * The API's `ApiErrorBody.message` wins; otherwise a message per status says what to do.
 */
export function toApiError(error: unknown): ApiError {
  let err = error;
  // Angular resources wrap non-Error values; HttpErrorResponse may also arrive as `cause`.
  while (!(err instanceof HttpErrorResponse) && err instanceof Error && err.cause !== undefined) {
    err = err.cause;
  }
  if (err instanceof HttpErrorResponse) {
    const body = err.error;
    if (isApiErrorBody(body)) {
      return { status: err.status, message: body.message, fields: body.fields ?? [], fromServer: true };
    }
    const message =
      FALLBACK_MESSAGES[err.status] ??
      (err.status >= 500 ? 'The server failed to answer. Retry in a moment.' : `Request failed (${err.status}).`);
    return { status: err.status, message, fields: [], fromServer: false };
  }
  return { status: -1, message: err instanceof Error ? err.message : 'Something went wrong.', fields: [], fromServer: false };
}
