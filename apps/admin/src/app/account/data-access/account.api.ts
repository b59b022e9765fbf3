import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ChangePasswordRequest } from '@ctct/shared-types';
import { Observable } from 'rxjs';

export const ACCOUNT_URLS = {
  password: '/api/auth/password',
  logoutEverywhere: '/api/auth/logout-everywhere',
} as const;

/** The only place the admin talks HTTP about the signed-in user's own account (password, sessions). */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  /** 204; every other session of the user ends and this browser gets a fresh session cookie. 400 with `fields` when refused. */
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(ACCOUNT_URLS.password, request);
  }

  /** 204; every session of the user ends, this one included (the cookies are cleared). */
  signOutEverywhere(): Observable<void> {
    return this.http.post<void>(ACCOUNT_URLS.logoutEverywhere, null);
  }
}
