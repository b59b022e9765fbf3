import type { SessionUser } from '@ctct/shared-types';
import type { CookieOptions, Request } from 'express';

export const SESSION_COOKIE = 'ctct_session';

export interface SessionClaims {
  sub: string;
  email: string;
  name: string;
}

export interface AuthenticatedRequest extends Request {
  user: SessionUser;
}

export function sessionCookieOptions(request: Request, maxAgeMs: number): CookieOptions {
  // httpOnly: scripts in the admin never see the session; sameSite lax: no cross-site POSTs carry it.
  return { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/', maxAge: maxAgeMs };
}
