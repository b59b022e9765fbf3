import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const CTCT_URLS = {
  connection: '/api/ctct/connection',
  disconnect: '/api/ctct/disconnect',
  /** A browser navigation, not XHR: the API redirects to CC's consent page and back to /settings?ctct=… */
  connect: '/api/ctct/connect',
} as const;

/** The only place the admin talks to the API about the Constant Contact connection. */
@Injectable({ providedIn: 'root' })
export class CtctConnectionApi {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  get(): Observable<CtctConnectionDto> {
    return this.http.get<CtctConnectionDto>(CTCT_URLS.connection);
  }

  /** Revokes the tokens at CC and forgets them; answers the new (disconnected) state. */
  disconnect(): Observable<CtctConnectionDto> {
    return this.http.post<CtctConnectionDto>(CTCT_URLS.disconnect, null);
  }

  /** Leaves the admin for CC's consent page (the OAuth flow needs a real page load, with the session cookie). */
  startConnect(): void {
    this.document.location.assign(CTCT_URLS.connect);
  }
}
