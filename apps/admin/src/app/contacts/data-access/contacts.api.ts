import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ContactDto,
  ContactSaveResponse,
  ContactSearchQuery,
  CreateContactRequest,
  Page,
  UpdateContactRequest,
} from '@ctct/shared-types';
import { Observable } from 'rxjs';

const BASE = '/api/contacts';

/** The only place the admin talks HTTP about contacts. */
@Injectable({ providedIn: 'root' })
export class ContactsApi {
  private readonly http = inject(HttpClient);

  search(query: ContactSearchQuery): Observable<Page<ContactDto>> {
    return this.http.get<Page<ContactDto>>(BASE, { params: toSearchParams(query) });
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
