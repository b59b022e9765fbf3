import type { SessionUser } from '@ctct/shared-types';
import { CSRF_COOKIE, CSRF_HEADER } from '@ctct/shared-types';
import type { CookieOptions, Request, Response } from 'express';
import type { ActiveSession, IssuedSession } from './session.store';

export const SESSION_COOKIE = 'ctct_session';
export { CSRF_COOKIE, CSRF_HEADER };

export interface AuthenticatedRequest extends Request {
  user: SessionUser;
  session?: ActiveSession;
}

/**
 * SameSite=Strict: the browser sends the session only on requests that start on our own site, so no other site
 * (nor a sibling subdomain: "same-site" but another origin is still stopped by the Origin check) can use it.
 * The OAuth callback, the one cross-site navigation we expect, is public and proves itself with its state.
 */
function baseOptions(secure: boolean): CookieOptions {
  return { sameSite: 'strict', secure, path: '/' };
}

/** Sets the session cookie (httpOnly) and the CSRF cookie the admin reads and echoes in X-CSRF-Token. */
export function setSessionCookies(response: Response, issued: IssuedSession, secure: boolean): void {
  const maxAge = Math.max(0, issued.expiresAt.getTime() - Date.now());
  response.cookie(SESSION_COOKIE, issued.cookieValue, { ...baseOptions(secure), httpOnly: true, maxAge });
  setCsrfCookie(response, issued.csrfToken, secure, maxAge);
}

export function setCsrfCookie(response: Response, token: string, secure: boolean, maxAge?: number): void {
  response.cookie(CSRF_COOKIE, token, { ...baseOptions(secure), httpOnly: false, ...(maxAge !== undefined ? { maxAge } : {}) });
}

export function clearSessionCookies(response: Response, secure: boolean): void {
  response.clearCookie(SESSION_COOKIE, { ...baseOptions(secure), httpOnly: true });
  response.clearCookie(CSRF_COOKIE, { ...baseOptions(secure), httpOnly: false });
}

/** GET, HEAD and OPTIONS change nothing; every other method needs the CSRF token. */
export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** Cookies get the Secure flag when the request came over https, or when the public URL is https (behind a proxy). */
export function cookiesSecure(request: Request, publicUrl: string | undefined): boolean {
  return request.secure || (publicUrl ?? '').trim().startsWith('https://');
}
