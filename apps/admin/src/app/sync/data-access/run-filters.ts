import type { ParamMap, Params } from '@angular/router';
import {
  RUN_JOBS,
  SYNC_RECORD_OUTCOMES,
  SYNC_RUN_STATUSES,
  type RunJobName,
  type SyncRecordOutcome,
  type SyncRunStatus,
} from '@ctct/shared-types';

/** The run history's filters, as kept in the URL (`/sync?job=&status=`). */
export interface RunFilters {
  job: RunJobName | null;
  status: SyncRunStatus | null;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

export function runFiltersFromParams(params: ParamMap): RunFilters {
  return { job: oneOf(RUN_JOBS, params.get('job')), status: oneOf(SYNC_RUN_STATUSES, params.get('status')) };
}

export function runFiltersToParams(filters: RunFilters): Params {
  return { job: filters.job ?? null, status: filters.status ?? null };
}

export function sameRunFilters(a: RunFilters, b: RunFilters): boolean {
  return a.job === b.job && a.status === b.status;
}

/** `/sync/runs/:id?outcome=`: null means every outcome. */
export function outcomeFromParams(params: ParamMap): SyncRecordOutcome | null {
  return oneOf(SYNC_RECORD_OUTCOMES, params.get('outcome'));
}
