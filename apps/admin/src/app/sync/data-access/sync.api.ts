import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CtctListDto,
  Page,
  SyncJobName,
  RunJobName,
  SyncJobStatusDto,
  SyncRecordOutcome,
  SyncRunDto,
  SyncRunRecordDto,
  SyncRunStatus,
} from '@ctct/shared-types';
import { Observable } from 'rxjs';

const BASE = '/api/sync';

export interface SyncRunsQuery {
  job?: RunJobName | null;
  status?: SyncRunStatus | null;
  cursor?: string | null;
  limit?: number;
}

export interface SyncRecordsQuery {
  outcome?: SyncRecordOutcome | null;
  cursor?: string | null;
  limit?: number;
}

/** The only place the admin talks HTTP about sync jobs, runs, their records and the mirrored CC lists. */
@Injectable({ providedIn: 'root' })
export class SyncApi {
  private readonly http = inject(HttpClient);

  jobs(): Observable<SyncJobStatusDto[]> {
    return this.http.get<SyncJobStatusDto[]>(`${BASE}/jobs`);
  }

  /** "Sync now": the new run (201) or the run already in progress (200); 409 says why it cannot start. */
  runNow(job: SyncJobName): Observable<SyncRunDto> {
    return this.http.post<SyncRunDto>(`${BASE}/jobs/${encodeURIComponent(job)}/run`, null);
  }

  /** Newest first, keyset paged (pass `nextCursor` back as `cursor`). */
  runs(query: SyncRunsQuery): Observable<Page<SyncRunDto>> {
    return this.http.get<Page<SyncRunDto>>(`${BASE}/runs`, { params: toQueryParams({ ...query }) });
  }

  run(id: string): Observable<SyncRunDto> {
    return this.http.get<SyncRunDto>(`${BASE}/runs/${encodeURIComponent(id)}`);
  }

  /** Resume a paused run (409 while its cause is still there, e.g. not reconnected). */
  resume(id: string): Observable<SyncRunDto> {
    return this.http.post<SyncRunDto>(`${BASE}/runs/${encodeURIComponent(id)}/resume`, null);
  }

  /** Retry a failed run from its checkpoint. */
  retry(id: string): Observable<SyncRunDto> {
    return this.http.post<SyncRunDto>(`${BASE}/runs/${encodeURIComponent(id)}/retry`, null);
  }

  /** Cancel: a queued or paused run ends at once, a running one after the call in progress; what was done is kept. */
  cancel(id: string): Observable<SyncRunDto> {
    return this.http.post<SyncRunDto>(`${BASE}/runs/${encodeURIComponent(id)}/cancel`, null);
  }

  records(runId: string, query: SyncRecordsQuery): Observable<Page<SyncRunRecordDto>> {
    return this.http.get<Page<SyncRunRecordDto>>(`${BASE}/runs/${encodeURIComponent(runId)}/records`, {
      params: toQueryParams({ ...query }),
    });
  }

  /** For a plain `<a download>`: the browser fetches it with the session cookie and saves the file. */
  recordsCsvUrl(runId: string, outcome: SyncRecordOutcome | null): string {
    const url = `${BASE}/runs/${encodeURIComponent(runId)}/records.csv`;
    return outcome ? `${url}?outcome=${encodeURIComponent(outcome)}` : url;
  }

  /** The CC lists the lists job mirrors; deleted ones only when asked. */
  lists(includeDeleted: boolean): Observable<CtctListDto[]> {
    return this.http.get<CtctListDto[]>(`${BASE}/lists`, { params: { includeDeleted: String(includeDeleted) } });
  }
}

/** Leaves out unset and empty values so the API applies its defaults. */
function toQueryParams(query: Record<string, unknown>): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
