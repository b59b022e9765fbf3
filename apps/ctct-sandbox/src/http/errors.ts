/**
 * CC's error bodies: most V3 endpoints answer a JSON array of `{error_key, error_message}`; a bad or
 * missing token answers a single object (facts §9). Route code throws `V3Error`; the V3 pipeline's
 * error handler renders it, so every error leaves the sandbox in the same shape.
 */
export interface CcError {
  error_key: string;
  error_message: string;
}

export class V3Error extends Error {
  constructor(
    readonly status: number,
    readonly errorKey: string,
    message: string,
    /** 401 bodies are a single object, everything else an array. */
    readonly singleObject = false,
  ) {
    super(message);
  }

  body(): CcError | CcError[] {
    const error = { error_key: this.errorKey, error_message: this.message };
    return this.singleObject ? error : [error];
  }
}

export const unauthorized = () => new V3Error(401, 'unauthorized', 'Unauthorized', true);
export const forbidden = (scope: string) => new V3Error(403, 'forbidden', `Forbidden: the access token lacks the ${scope} scope.`);
export const throttled = () => new V3Error(429, 'throttled', 'Too Many Requests', true);
export const quotaExceeded = () => new V3Error(429, 'quota_exceeded', 'Limit Exceeded', true);

export const validationError = (area: string, message: string) => new V3Error(400, `${area}.api.validation.error`, message);
export const notFound = (area: string, what: string) => new V3Error(404, `${area}.api.not_found`, `${what} not found.`);
export const conflict = (area: string, message: string) => new V3Error(409, `${area}.api.conflict`, message);
