import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FieldError } from '@ctct/shared-types';
import type { Request, Response } from 'express';
import { ValidationFailedError } from '../../common/domain-errors';
import { AuthService } from './auth.service';
import { authenticate, AUTHENTICATOR, Authenticator } from './authenticator';
import { IS_PUBLIC } from './public.decorator';
import { AuthenticatedRequest, SESSION_COOKIE, sessionCookieOptions } from './session';

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
 * Global guard: every route needs a valid session cookie unless marked @Public(). A session past half its
 * life is re-issued, so an admin who keeps working is not logged out mid-task.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const session = this.auth.readSessionToken(request.cookies?.[SESSION_COOKIE]);
    if (!session) throw new UnauthorizedException('Sign in first: no valid session');
    request.user = session.user;
    if (Date.now() - session.issuedAt > this.auth.sessionTtlMs / 2) {
      const response = context.switchToHttp().getResponse<Response>();
      response.cookie(SESSION_COOKIE, this.auth.issueSessionToken(session.user), sessionCookieOptions(request, this.auth.sessionTtlMs));
    }
    return true;
  }
}
