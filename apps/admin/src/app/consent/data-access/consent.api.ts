import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ConsentEventDto, ConsentServiceLevelDto, Page } from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const CONSENT_PAGE_SIZE = 20;

/** The only place the admin talks HTTP about the consent ledger and the opt-out service level. */
@Injectable({ providedIn: 'root' })
export class ConsentApi {
  private readonly http = inject(HttpClient);

  /** A contact's consent events, newest first, keyset paged. */
  timeline(contactId: string, cursor: string | null = null, limit = CONSENT_PAGE_SIZE): Observable<Page<ConsentEventDto>> {
    const params: Record<string, string> = { limit: String(limit) };
    if (cursor) params['cursor'] = cursor;
    return this.http.get<Page<ConsentEventDto>>(`/api/contacts/${encodeURIComponent(contactId)}/consent`, { params });
  }

  /** For a plain `<a download>`: every consent event of a contact and/or a date range, oldest first. */
  eventsCsvUrl(query: { contactId?: string; from?: string; to?: string }): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    const search = params.toString();
    return `/api/consent/events.csv${search ? `?${search}` : ''}`;
  }

  serviceLevel(): Observable<ConsentServiceLevelDto> {
    return this.http.get<ConsentServiceLevelDto>('/api/consent/service-level');
  }
}
