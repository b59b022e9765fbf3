export const EXTERNAL_SYSTEMS = ['CTCT'] as const;
export type ExternalSystem = (typeof EXTERNAL_SYSTEMS)[number];

/** 2xx…5xx, or `error` when no response came (timeout, dropped connection). */
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'error'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export interface ApiCallLogDto {
  id: string;
  externalSystem: ExternalSystem;
  operation: string;
  method: string;
  path: string;
  query: string | null;
  status: number | null;
  durationMs: number;
  attempt: number;
  jobRunId: string | null;
  userId: string | null;
  /** The admin user's email, for display (null for job runs and when the user no longer exists). */
  userEmail: string | null;
  requestId: string | null;
  errorKey: string | null;
  errorMessage: string | null;
  /** What the CC client did after this attempt and why, e.g. "retry in 412 ms: HTTP 503: failure 1 of 5, …"; null for OAuth calls. */
  decision: string | null;
  createdAt: string;
}

/** One log entry with its (redacted) bodies, for the detail drawer. */
export interface ApiCallLogDetailDto extends ApiCallLogDto {
  requestBody: string | null;
  responseBody: string | null;
}

export interface ApiLogQuery {
  /** Leave out for every system. */
  system?: ExternalSystem;
  statusClass?: StatusClass;
  method?: string;
  /** Matches operation or path. */
  q?: string;
  from?: string;
  to?: string;
  jobRunId?: string;
  cursor?: string;
  limit?: number;
}
