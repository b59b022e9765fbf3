import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AlertDto, AlertsUnreadDto, Page } from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const ALERTS_URL = '/api/alerts';

/** The only place the admin talks HTTP about alerts. */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly http = inject(HttpClient);

  unreadCount(): Observable<AlertsUnreadDto> {
    return this.http.get<AlertsUnreadDto>(`${ALERTS_URL}/unread-count`);
  }

  /** Alerts whose cause is still there, newest first. */
  open(limit = 10): Observable<Page<AlertDto>> {
    return this.http.get<Page<AlertDto>>(ALERTS_URL, { params: { open: 'true', limit: String(limit) } });
  }

  markRead(id: string): Observable<AlertDto> {
    return this.http.post<AlertDto>(`${ALERTS_URL}/${encodeURIComponent(id)}/read`, null);
  }

  markAllRead(): Observable<AlertsUnreadDto> {
    return this.http.post<AlertsUnreadDto>(`${ALERTS_URL}/read-all`, null);
  }
}
