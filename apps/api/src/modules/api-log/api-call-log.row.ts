import type { ExternalSystem } from '@ctct/shared-types';

/** A row of api_call_log as the log viewer reads it (see the migrations beside this file). */
export interface ApiCallLogRow {
  /** bigint, read as text. */
  id: string;
  external_system: ExternalSystem;
  operation: string;
  method: string;
  path: string;
  query: string | null;
  status: number | null;
  duration_ms: number;
  attempt: number;
  job_run_id: string | null;
  user_id: string | null;
  /** The user's email, read from the auth module's users table for display (null: no user, or the user is gone). */
  user_email: string | null;
  request_id: string | null;
  error_key: string | null;
  error_message: string | null;
  /** What the CC client did after this attempt, and why; null for OAuth calls and rows from before it was kept. */
  decision: string | null;
  created_at: Date;
  /** created_at as text, microseconds intact, for the keyset cursor. */
  sort_key: string;
}

/** One entry with its (redacted) bodies, for the detail view. */
export interface ApiCallLogDetailRow extends ApiCallLogRow {
  request_body: string | null;
  response_body: string | null;
}

/** Calls since a moment, grouped by budget lane ('token' for the OAuth token endpoint) and, for runs, by job. */
export interface ApiCallUsageRow {
  kind: string;
  /** sync_runs.job of the run that made the calls; null outside runs. */
  job: string | null;
  calls: number;
}
