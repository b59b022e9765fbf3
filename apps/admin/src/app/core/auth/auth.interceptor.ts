import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AUTH_URLS, AuthService } from './auth.service';

/** 401 from these is an answer ("bad credentials" / "not signed in" / "already out"), not an expired session. */
const AUTH_ANSWERS: readonly string[] = [AUTH_URLS.login, AUTH_URLS.me, AUTH_URLS.logout];

/**
 * Any other `/api` call answering 401 means the session is gone: go to /login and come back here afterwards.
 * The error still reaches the caller so it can stop its spinner.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(req).pipe(
    catchError((err: unknown) => {
      const path = req.url.split('?')[0];
      if (err instanceof HttpErrorResponse && err.status === 401 && path.startsWith('/api/') && !AUTH_ANSWERS.includes(path)) {
        const pending = router.currentNavigation();
        const returnUrl = pending ? router.serializeUrl(pending.finalUrl ?? pending.extractedUrl) : router.url;
        auth.handleSessionExpired(returnUrl);
      }
      return throwError(() => err);
    }),
  );
};
