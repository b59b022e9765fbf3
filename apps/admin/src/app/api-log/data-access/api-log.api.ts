import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ApiCallLogDetailDto, ApiCallLogDto, ApiLogQuery, Page } from '@ctct/shared-types';
import { Observable } from 'rxjs';

const BASE = '/api/api-log';

/** The only place the admin talks HTTP about the external-call log. */
@Injectable({ providedIn: 'root' })
export class ApiLogApi {
  private readonly http = inject(HttpClient);

  /** Newest first, keyset paged (pass `nextCursor` back as `cursor`). */
  list(query: ApiLogQuery): Observable<Page<ApiCallLogDto>> {
    return this.http.get<Page<ApiCallLogDto>>(BASE, { params: toQueryParams(query) });
  }

  /** One entry with its (already redacted) request and response bodies. */
  get(id: string): Observable<ApiCallLogDetailDto> {
    return this.http.get<ApiCallLogDetailDto>(`${BASE}/${encodeURIComponent(id)}`);
  }

  /** For a plain `<a download>`: the browser fetches it with the session cookie and saves the file. */
  exportUrl(query: ApiLogQuery): string {
    const params = toQueryParams({ ...query, cursor: undefined, limit: undefined }).toString();
    return params ? `${BASE}/export.csv?${params}` : `${BASE}/export.csv`;
  }
}

/** Leaves out unset and empty values so the API applies its defaults. */
export function toQueryParams(query: ApiLogQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
