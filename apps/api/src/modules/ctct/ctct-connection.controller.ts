import { Controller, Get, HttpCode, Inject, Logger, Next, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CtctConnectFailure, CtctConnectionDto } from '@ctct/shared-types';
import type { NextFunction, Request, Response } from 'express';
import { AUTHENTICATOR, Authenticator } from '../auth/authenticator';
import { Public } from '../auth/public.decorator';
import { CtctAuthorizationService } from './ctct-authorization.service';
import { CtctConnectionService } from './ctct-connection.service';
import { CtctNotConfiguredError } from './ctct-errors';
import { CtctAuthorization, CTCT_STRATEGY } from './ctct-oauth.strategy';
import type { OAuthCallbackRequest } from './oauth-state.store';

const SETTINGS_PAGE = '/settings';

@ApiTags('ctct')
@Controller('ctct')
export class CtctConnectionController {
  private readonly logger = new Logger('CtctConnect');

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

  /**
   * Where CC sends the browser back; ends on the Settings page with the outcome in its query string: `connected`,
   * or `error` with one of a few fixed reasons (CTCT_CONNECT_FAILURES): nothing from CC's answer is reflected.
   * Public: with a SameSite=Strict session cookie, the browser does not send the session on this cross-site
   * redirect. The `state` (unguessable, single use, 10 minutes, created for a signed-in admin and remembering
   * who) is what authenticates it.
   */
  @Public()
  @Get('oauth/callback')
  callback(@Req() request: Request & OAuthCallbackRequest, @Res() response: Response, @Next() next: NextFunction): void {
    if (!this.connection.isConfigured) throw new CtctNotConfiguredError();
    const finish = (reason: CtctConnectFailure | null) =>
      response.redirect(reason === null ? `${SETTINGS_PAGE}?ctct=connected` : `${SETTINGS_PAGE}?ctct=error&reason=${reason}`);
    this.authenticator.authenticate(CTCT_STRATEGY, { session: false }, (error: Error | null, result: CtctAuthorization | false) => {
      if (error || !result) {
        const reason = failureReason(request, error);
        const answered = typeof request.query.error === 'string' ? `: CC answered ${safeCode(request.query.error)}` : '';
        this.logger.warn(`connect failed (${reason})${answered}`);
        finish(reason);
        return;
      }
      this.authorization.complete(result.tokens, request.ctctOAuthUserId ?? null).then(
        () => finish(null),
        (failure: Error) => {
          this.logger.error(`connected, but the tokens could not be saved: ${failure.message}`);
          finish('save');
        },
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

function failureReason(request: Request, error: Error | null): CtctConnectFailure {
  const refused = request.query.error;
  if (refused === 'access_denied') return 'denied';
  if (refused !== undefined) return 'ctct_error';
  // No error but no result: the state store refused the state (unknown, expired, used).
  return error ? 'exchange' : 'state';
}

/** CC's error code for our log: OAuth codes are short snake_case words; anything else is shown as "other". */
function safeCode(value: string): string {
  return /^[a-z_]{1,40}$/.test(value) ? value : 'other';
}
