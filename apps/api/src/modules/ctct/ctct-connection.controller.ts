import { Controller, Get, HttpCode, Inject, Next, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CtctConnectionDto } from '@ctct/shared-types';
import type { NextFunction, Request, Response } from 'express';
import { AUTHENTICATOR, Authenticator } from '../auth/authenticator';
import { AuthenticatedRequest } from '../auth/session';
import { CtctAuthorizationService } from './ctct-authorization.service';
import { CtctConnectionService } from './ctct-connection.service';
import { CtctNotConfiguredError } from './ctct-errors';
import { CtctAuthorization, CTCT_STRATEGY } from './ctct-oauth.strategy';

const SETTINGS_PAGE = '/settings';

@ApiTags('ctct')
@Controller('ctct')
export class CtctConnectionController {
  constructor(
    private readonly connection: CtctConnectionService,
    private readonly authorization: CtctAuthorizationService,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  @Get('connection')
  describe(): Promise<CtctConnectionDto> {
    return this.connection.describe();
  }

  /** Browser navigation: redirects to CC's consent page (state + PKCE S256). */
  @Get('connect')
  connect(@Req() request: Request, @Res() response: Response, @Next() next: NextFunction): void {
    if (!this.connection.isConfigured) throw new CtctNotConfiguredError();
    this.authenticator.authenticate(CTCT_STRATEGY, { session: false })(request, response, next);
  }

  /** Where CC sends the browser back; ends on the Settings page with the outcome in its query string. */
  @Get('oauth/callback')
  callback(@Req() request: AuthenticatedRequest, @Res() response: Response, @Next() next: NextFunction): void {
    if (!this.connection.isConfigured) throw new CtctNotConfiguredError();
    const finish = (outcome: { ok: true } | { ok: false; message: string }) =>
      response.redirect(outcome.ok ? `${SETTINGS_PAGE}?ctct=connected` : `${SETTINGS_PAGE}?ctct=error&message=${encodeURIComponent(outcome.message)}`);
    this.authenticator.authenticate(CTCT_STRATEGY, { session: false }, (error: Error | null, result: CtctAuthorization | false, info?: { message?: string }) => {
      if (error || !result) {
        finish({ ok: false, message: describeFailure(request, error, info) });
        return;
      }
      this.authorization.complete(result.tokens, request.user?.id ?? null).then(
        () => finish({ ok: true }),
        (failure: Error) => finish({ ok: false, message: failure.message }),
      );
    })(request, response, next);
  }

  @Post('disconnect')
  @HttpCode(200)
  async disconnect(): Promise<CtctConnectionDto> {
    await this.connection.disconnect();
    return this.connection.describe();
  }
}

function describeFailure(request: Request, error: Error | null, info?: { message?: string }): string {
  const refused = request.query.error;
  if (refused === 'access_denied') return 'Constant Contact access was refused on the consent page.';
  if (typeof refused === 'string') return `Constant Contact answered ${refused}: ${String(request.query.error_description ?? '')}`.trim();
  return info?.message ?? error?.message ?? 'The Constant Contact authorisation failed; try again.';
}
