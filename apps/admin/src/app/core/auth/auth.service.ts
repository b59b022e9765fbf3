import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginRequest, SessionUser } from '@ctct/shared-types';
import { Observable, catchError, firstValueFrom, map, of, tap } from 'rxjs';

export const AUTH_URLS = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
} as const;

/**
 * The signed-in user. The session itself is an httpOnly cookie the browser sends on its own: this service only
 * knows *who* is signed in (from `/api/auth/me` or the login answer), never a token.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly _user = signal<SessionUser | null>(null);
  readonly user = this._user.asReadonly();
  readonly isSignedIn = computed(() => this._user() !== null);

  /**
   * The pending or settled `/me` answer, shared so the guards of one navigation (and of later ones) ask once.
   * Reset only when the answer is unknown again (a failed check).
   */
  private sessionCheck: Promise<SessionUser | null> | null = null;

  /** Resolves the current user, asking `/api/auth/me` once per page load. */
  ensureSession(): Promise<SessionUser | null> {
    if (this._user()) return Promise.resolve(this._user());
    this.sessionCheck ??= firstValueFrom(
      this.http.get<SessionUser>(AUTH_URLS.me).pipe(
        catchError((err: unknown) => {
          if (err instanceof HttpErrorResponse && err.status === 401) return of(null);
          throw err;
        }),
        tap((user) => this._user.set(user)),
      ),
    ).catch((err: unknown) => {
      // Server unreachable: we do not know yet, so ask again on the next navigation.
      this.sessionCheck = null;
      throw err;
    });
    return this.sessionCheck;
  }

  login(credentials: LoginRequest): Observable<SessionUser> {
    return this.http.post<SessionUser>(AUTH_URLS.login, credentials).pipe(tap((user) => this._user.set(user)));
  }

  logout(): Observable<void> {
    return this.http.post<void>(AUTH_URLS.logout, null).pipe(
      // Even when the call fails the user asked to leave: forget the session locally.
      catchError(() => of(undefined)),
      map(() => undefined),
      tap(() => this.signedOut()),
    );
  }

  /** The session ended on purpose (sign out, or sign out everywhere): forget the user and go to the sign-in page. */
  signedOut(): void {
    this.forgetSession();
    void this.router.navigateByUrl('/login');
  }

  /** Called when any API call answers 401: forget the user and send them to /login, keeping where they were. */
  handleSessionExpired(returnUrl: string): void {
    this.forgetSession();
    if (returnUrl.startsWith('/login')) return;
    void this.router.navigate(['/login'], { queryParams: { returnUrl: safeReturnUrl(returnUrl) ?? undefined } });
  }

  /** After sign-out or a 401 we know there is no session: no need to ask `/me` again. */
  private forgetSession(): void {
    this._user.set(null);
    this.sessionCheck = Promise.resolve(null);
  }
}

/** Only same-app paths are followed after login (no `//host` or `https://…`: no open redirect). */
export function safeReturnUrl(url: string | null | undefined): string | null {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return null;
  if (url.startsWith('/login')) return null;
  return url;
}
