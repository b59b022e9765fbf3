import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  DriftField,
  FixDriftPreviewDto,
  FixDriftResultDto,
  Page,
  ReconciliationClass,
  ReconciliationContactDto,
  ReconciliationSummaryDto,
} from '@ctct/shared-types';
import { Observable } from 'rxjs';

const BASE = '/api/reconciliation';

export interface ReconciliationFilter {
  class: ReconciliationClass;
  field: DriftField | null;
}

/** The only place the admin talks HTTP about reconciliation. */
@Injectable({ providedIn: 'root' })
export class ReconciliationApi {
  private readonly http = inject(HttpClient);

  summary(): Observable<ReconciliationSummaryDto> {
    return this.http.get<ReconciliationSummaryDto>(BASE);
  }

  contacts(filter: ReconciliationFilter, cursor: string | null, limit: number): Observable<Page<ReconciliationContactDto>> {
    let params = new HttpParams().set('class', filter.class).set('limit', String(limit));
    if (filter.field) params = params.set('field', filter.field);
    if (cursor) params = params.set('cursor', cursor);
    return this.http.get<Page<ReconciliationContactDto>>(`${BASE}/contacts`, { params });
  }

  /** For a plain `<a download>`: the class (and drift field) as CSV. */
  contactsCsvUrl(filter: ReconciliationFilter): string {
    const params = new URLSearchParams({ class: filter.class });
    if (filter.field) params.set('field', filter.field);
    return `${BASE}/contacts.csv?${params}`;
  }

  fixDriftPreview(): Observable<FixDriftPreviewDto> {
    return this.http.get<FixDriftPreviewDto>(`${BASE}/fix-drift`);
  }

  fixDrift(): Observable<FixDriftResultDto> {
    return this.http.post<FixDriftResultDto>(`${BASE}/fix-drift`, {});
  }
}
