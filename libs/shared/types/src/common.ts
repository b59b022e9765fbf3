/** A keyset-paginated page: pass `nextCursor` back as `cursor` to get the next one; null means last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Every error the API returns has this shape (no stack traces). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** For validation errors: one entry per offending field (dotted path for nested fields). */
  fields?: FieldError[];
  /** For a 409 caused by another run (e.g. a paused run with other parameters): that run and what can be done with it. */
  run?: { id: string; job: string; status: string; actions: string[] };
}

export interface FieldError {
  field: string;
  message: string;
}

export interface HealthResponse {
  status: 'ok' | 'error';
  database: 'up' | 'down';
}
