import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { SessionUser } from '@ctct/shared-types';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { assertCsrfToken, LocalLoginGuard } from './guards';
import { Public } from './public.decorator';
import { AuthenticatedRequest, clearSessionCookies, cookiesSecure, SESSION_COOKIE, setSessionCookies } from './session';
import { SessionStore } from './session.store';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  // Throttling runs before the password check, so guessing is slowed whether or not a guess is right.
  @UseGuards(ThrottlerGuard, LocalLoginGuard)
  @ApiBody({ schema: { properties: { email: { type: 'string' }, password: { type: 'string' } }, required: ['email', 'password'] } })
  async login(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<SessionUser> {
    // The session the browser had (if any) ends: a sign-in always starts a session with a new id.
    const previous = await this.sessions.read(request.cookies?.[SESSION_COOKIE]);
    if (previous) await this.sessions.end(previous.idHash);
    const issued = await this.sessions.create(request.user.id, request.headers['user-agent']);
    setSessionCookies(response, issued, this.secure(request));
    return request.user;
  }

  /** Ends this session (when the request proves it comes from the admin: the CSRF token) and clears the cookies. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    const session = await this.sessions.read(request.cookies?.[SESSION_COOKIE]);
    if (session) {
      assertCsrfToken(request, session);
      await this.sessions.end(session.idHash);
    }
    clearSessionCookies(response, this.secure(request));
  }

  /** "Sign out everywhere": ends every session of the signed-in user, this one included, on every replica. */
  @Post('logout-everywhere')
  @HttpCode(204)
  async logoutEverywhere(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.sessions.endAllForUser(request.user.id);
    clearSessionCookies(response, this.secure(request));
  }

  /** Changes the password; every session of the user ends, and this browser gets a fresh one. */
  @Post('password')
  @HttpCode(204)
  @UseGuards(ThrottlerGuard)
  async changePassword(
    @Req() request: AuthenticatedRequest,
    @Body() body: ChangePasswordDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.changePassword(request.user.id, body.currentPassword, body.newPassword);
    const issued = await this.sessions.create(request.user.id, request.headers['user-agent']);
    setSessionCookies(response, issued, this.secure(request));
  }

  @Get('me')
  me(@Req() request: AuthenticatedRequest): SessionUser {
    return request.user;
  }

  private secure(request: AuthenticatedRequest): boolean {
    return cookiesSecure(request, this.config.PUBLIC_URL);
  }
}
