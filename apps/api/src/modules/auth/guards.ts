import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FieldError } from '@ctct/shared-types';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ValidationFailedError } from '../../common/domain-errors';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { authenticate, AUTHENTICATOR, Authenticator } from './authenticator';
import { IS_PUBLIC } from './public.decorator';
import { AuthenticatedRequest, cookiesSecure, CSRF_COOKIE, CSRF_HEADER, isStateChanging, SESSION_COOKIE, setCsrfCookie } from './session';
import { ActiveSession, SessionStore } from './session.store';

/** Login: check the body's shape first (a clear 400 naming the field), then passport-local checks the password. */
@Injectable()
export class LocalLoginGuard implements CanActivate {
  constructor(@Inject(AUTHENTICATOR) private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const body = request.body ?? {};
    const fields: FieldError[] = [];
    for (const field of ['email', 'password']) {
      if (typeof body[field] !== 'string' || body[field].length === 0) fields.push({ field, message: 'is required' });
      else if (body[field].length > 500) fields.push({ field, message: 'is too long' });
    }
    const unknown = Object.keys(body).filter((key) => key !== 'email' && key !== 'password');
    fields.push(...unknown.map((field) => ({ field, message: 'is not a known field' })));
    if (fields.length) throw new ValidationFailedError(fields);
    const { user, error } = await authenticate(this.authenticator, 'local', request, context.switchToHttp().getResponse());
    if (error) throw error;
    if (!user) throw new UnauthorizedException('Email or password is wrong');
    request.user = user;
    return true;
  }
}

/**
 * Global guard: every route needs a live server-side session unless marked @Public(), and every
 * state-changing request must echo the session's CSRF token in X-CSRF-Token (double submit: the token comes
 * in a cookie only our own origin can read; the server compares it with the session's, not with the cookie).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const session = await this.sessions.read(request.cookies?.[SESSION_COOKIE]);
    if (!session) throw new UnauthorizedException('Sign in first: no valid session');
    if (isStateChanging(request.method)) assertCsrfToken(request, session);
    request.user = session.user;
    request.session = session;
    // A browser that lost the CSRF cookie (cleared by hand, another tab signed out and in) gets it back.
    if (request.cookies?.[CSRF_COOKIE] !== session.csrfToken) {
      const response = context.switchToHttp().getResponse<Response>();
      setCsrfCookie(response, session.csrfToken, cookiesSecure(request, this.config.PUBLIC_URL), session.expiresAt.getTime() - Date.now());
    }
    return true;
  }
}

/** 403 unless the request carries the session's CSRF token in X-CSRF-Token. */
export function assertCsrfToken(request: Request, session: ActiveSession): void {
  const sent = request.headers[CSRF_HEADER.toLowerCase()];
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  const expected = Buffer.from(session.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ForbiddenException(`Missing or wrong ${CSRF_HEADER} header: send the value of the ${CSRF_COOKIE} cookie set at sign-in`);
  }
}
