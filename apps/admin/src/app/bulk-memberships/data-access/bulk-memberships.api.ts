import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  BulkMembershipRequest,
  BulkPreviewDto,
  CtctListDto,
  Page,
  SyncRecordOutcome,
  SyncRunDto,
  SyncRunRecordDto,
} from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const RECORDS_PAGE_SIZE = 100;

/**
 * The only place the admin talks HTTP for the bulk memberships wizard: the preview and the run, the run's
 * progress and records (a bulk run is a run like the syncs', under /api/sync/runs) and the mirrored CC lists.
 * The contacts search of step 1 goes through ContactsApi.
 */
@Injectable({ providedIn: 'root' })
export class BulkMembershipsApi {
  private readonly http = inject(HttpClient);

  /** What a run would do: counts and samples per outcome, the API cost. Nothing is sent to CC. */
  preview(request: BulkMembershipRequest): Observable<BulkPreviewDto> {
    return this.http.post<BulkPreviewDto>('/api/bulk-memberships/preview', request);
  }

  /** 201 with the queued run; 409 while another bulk run is in progress. */
  startRun(request: BulkMembershipRequest): Observable<SyncRunDto> {
    return this.http.post<SyncRunDto>('/api/bulk-memberships/runs', request);
  }

  run(id: string): Observable<SyncRunDto> {
    return this.http.get<SyncRunDto>(`/api/sync/runs/${encodeURIComponent(id)}`);
  }

  /** One outcome's records, keyset paged (pass `nextCursor` back as `cursor`). */
  records(runId: string, outcome: SyncRecordOutcome, cursor: string | null, limit = RECORDS_PAGE_SIZE): Observable<Page<SyncRunRecordDto>> {
    const params: Record<string, string> = { outcome, limit: String(limit) };
    if (cursor) params['cursor'] = cursor;
    return this.http.get<Page<SyncRunRecordDto>>(`/api/sync/runs/${encodeURIComponent(runId)}/records`, { params });
  }

  /** For a plain `<a download>`: the browser fetches it with the session cookie. */
  recordsCsvUrl(runId: string, outcome: SyncRecordOutcome): string {
    return `/api/sync/runs/${encodeURIComponent(runId)}/records.csv?outcome=${encodeURIComponent(outcome)}`;
  }

  /** The live CC lists the lists sync mirrored (empty before the first lists sync). */
  lists(): Observable<CtctListDto[]> {
    return this.http.get<CtctListDto[]>('/api/sync/lists');
  }
}
