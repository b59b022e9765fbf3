import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ContactCountDto,
  ContactCountQuery,
  ContactCtctStatusDto,
  ContactDto,
  DoNotEmailStateDto,
  EngagementSummaryDto,
  InteractionDto,
  ContactSaveResponse,
  ContactSearchQuery,
  CreateContactRequest,
  Page,
  PushDto,
  ResubscribeResponse,
  UpdateContactRequest,
} from '@ctct/shared-types';
import { Observable } from 'rxjs';

const BASE = '/api/contacts';
export const INTERACTIONS_PAGE_SIZE = 20;

/** The only place the admin talks HTTP about contacts. */
@Injectable({ providedIn: 'root' })
export class ContactsApi {
  private readonly http = inject(HttpClient);

  search(query: ContactSearchQuery): Observable<Page<ContactDto>> {
    return this.http.get<Page<ContactDto>>(BASE, { params: toSearchParams(query) });
  }

  /** How many contacts match the filters: exact up to 10,000, else "at least" or the table's estimate. */
  count(query: ContactCountQuery): Observable<ContactCountDto> {
    return this.http.get<ContactCountDto>(`${BASE}/count`, { params: toSearchParams(query) });
  }

  get(id: string): Observable<ContactDto> {
    return this.http.get<ContactDto>(`${BASE}/${encodeURIComponent(id)}`);
  }

  create(body: CreateContactRequest): Observable<ContactSaveResponse> {
    return this.http.post<ContactSaveResponse>(BASE, body);
  }

  /** Send only the fields that changed. */
  update(id: string, changes: UpdateContactRequest): Observable<ContactSaveResponse> {
    return this.http.patch<ContactSaveResponse>(`${BASE}/${encodeURIComponent(id)}`, changes);
  }

  /** What CC says about the linked CC contact (as of the last sync). */
  ctctStatus(id: string): Observable<ContactCtctStatusDto> {
    return this.http.get<ContactCtctStatusDto>(`${BASE}/${encodeURIComponent(id)}/ctct`);
  }

  engagement(id: string): Observable<EngagementSummaryDto> {
    return this.http.get<EngagementSummaryDto>(`${BASE}/${encodeURIComponent(id)}/engagement`);
  }

  /** Newest first, keyset paged (pass `nextCursor` back as `cursor`). */
  interactions(id: string, cursor: string | null = null, limit = INTERACTIONS_PAGE_SIZE): Observable<Page<InteractionDto>> {
    const params: Record<string, string> = { limit: String(limit) };
    if (cursor) params['cursor'] = cursor;
    return this.http.get<Page<InteractionDto>>(`${BASE}/${encodeURIComponent(id)}/interactions`, { params });
  }

  /** The contact's pushes to Constant Contact, newest first (the outbox: pending, delivered, failed + reason). */
  pushes(id: string): Observable<PushDto[]> {
    return this.http.get<PushDto[]>(`${BASE}/${id}/pushes`);
  }

  /** Where Do Not Email stands (the API's state machine), with the sentence the record shows. */
  doNotEmailState(id: string): Observable<DoNotEmailStateDto> {
    return this.http.get<DoNotEmailStateDto>(`${BASE}/${encodeURIComponent(id)}/do-not-email`);
  }

  /** Asks Constant Contact to email its re-subscribe confirmation (the only way back after an unsubscribe). */
  resubscribe(id: string): Observable<ResubscribeResponse> {
    return this.http.post<ResubscribeResponse>(`${BASE}/${id}/ctct/resubscribe`, {});
  }

  /** Soft delete on the API side. */
  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${BASE}/${encodeURIComponent(id)}`);
  }
}

/** Leaves out unset and empty values so the API applies its defaults. */
export function toSearchParams(query: ContactSearchQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined || value === null || value === '') continue;
    params = params.set(key, String(value));
  }
  return params;
}
