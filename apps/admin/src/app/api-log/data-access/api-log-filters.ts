import { formatDate } from '@angular/common';
import { ParamMap, Params } from '@angular/router';
import {
  EXTERNAL_SYSTEMS,
  STATUS_CLASSES,
  type ApiLogQuery,
  type ExternalSystem,
  type FieldError,
  type StatusClass,
} from '@ctct/shared-types';

/** The methods the API accepts as a filter (it declares the same list in its query DTO). */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const API_LOG_PAGE_SIZE = 50;

/** The external systems by name, for the filter; "All" (null) is the default. */
export const SYSTEM_LABELS: Record<ExternalSystem, string> = { CTCT: 'Constant Contact' };

/**
 * The log's filters as they live in the URL query string, named as the API names them
 * (`?system=&statusClass=&method=&q=&from=&to=&jobRunId=`); `from`/`to` are ISO instants.
 */
export interface ApiLogFilters {
  /** Null: every system. */
  system: ExternalSystem | null;
  statusClass: StatusClass | null;
  method: HttpMethod | null;
  q: string;
  from: string | null;
  to: string | null;
  jobRunId: string | null;
}

export const EMPTY_FILTERS: ApiLogFilters = {
  system: null,
  statusClass: null,
  method: null,
  q: '',
  from: null,
  to: null,
  jobRunId: null,
};

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Unknown values are dropped; the job run id is passed on as typed (the API says when it is not a UUID). */
export function filtersFromParams(params: ParamMap): ApiLogFilters {
  return {
    system: oneOf(EXTERNAL_SYSTEMS, params.get('system')),
    statusClass: oneOf(STATUS_CLASSES, params.get('statusClass')),
    method: oneOf(HTTP_METHODS, params.get('method')?.toUpperCase() ?? null),
    q: (params.get('q') ?? '').trim(),
    from: isoOrNull(params.get('from')),
    to: isoOrNull(params.get('to')),
    jobRunId: params.get('jobRunId')?.trim() || null,
  };
}

/** Query params for the router: `null` removes a param (all systems is no param). */
export function filtersToParams(filters: ApiLogFilters): Params {
  return {
    system: filters.system,
    statusClass: filters.statusClass,
    method: filters.method,
    q: filters.q || null,
    from: filters.from,
    to: filters.to,
    jobRunId: filters.jobRunId,
  };
}

export function sameFilters(a: ApiLogFilters, b: ApiLogFilters): boolean {
  return (Object.keys(EMPTY_FILTERS) as (keyof ApiLogFilters)[]).every((key) => a[key] === b[key]);
}

/** Anything narrowing the list. */
export function hasActiveFilters(filters: ApiLogFilters): boolean {
  return !sameFilters(filters, EMPTY_FILTERS);
}

/** The filters as the API takes them, for the list and (without paging) the CSV export. */
export function toFilterQuery(filters: ApiLogFilters): ApiLogQuery {
  const query: ApiLogQuery = {};
  if (filters.system) query.system = filters.system;
  if (filters.statusClass) query.statusClass = filters.statusClass;
  if (filters.method) query.method = filters.method;
  if (filters.q) query.q = filters.q;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.jobRunId) query.jobRunId = filters.jobRunId;
  return query;
}

export function toPageQuery(filters: ApiLogFilters, cursor: string | null): ApiLogQuery {
  const query: ApiLogQuery = { ...toFilterQuery(filters), limit: API_LOG_PAGE_SIZE };
  if (cursor) query.cursor = cursor;
  return query;
}

/** A `datetime-local` value ("2026-11-24T01:30", the browser's time zone) → ISO instant; empty/invalid → null. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** "To" before "From" would silently list nothing: said under the field instead, and the range is not applied. */
export function timeRangeError(from: string | null, to: string | null): string | null {
  if (!from || !to) return null;
  return new Date(to).getTime() < new Date(from).getTime() ? '"To" is before "From": pick a later time, or clear one of them.' : null;
}

/** ISO instant → `datetime-local` value in the browser's time zone. */
export function isoToLocalInput(iso: string | null): string {
  return iso ? formatDate(iso, "yyyy-MM-dd'T'HH:mm", 'en-US') : '';
}

const FIELD_LABELS: Record<string, string> = {
  system: 'External system',
  statusClass: 'Status',
  method: 'Method',
  q: 'Search',
  from: 'From',
  to: 'To',
  jobRunId: 'Job run id',
  cursor: 'Page',
  limit: 'Page size',
};

/** A 400 on the filters as one sentence per field: "Job run id must be a UUID." */
export function filterErrorsText(fields: readonly FieldError[]): string {
  return fields.map((f) => `${FIELD_LABELS[f.field] ?? f.field} ${f.message}.`).join(' ');
}
