import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { SessionUser } from '@ctct/shared-types';
import type { Response } from 'express';
import { AuthService } from './auth.service';
import { LocalLoginGuard } from './guards';
import { Public } from './public.decorator';
import { AuthenticatedRequest, SESSION_COOKIE, sessionCookieOptions } from './session';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  // Throttling runs before the password check, so guessing is slowed whether or not a guess is right.
  @UseGuards(ThrottlerGuard, LocalLoginGuard)
  @ApiBody({ schema: { properties: { email: { type: 'string' }, password: { type: 'string' } }, required: ['email', 'password'] } })
  login(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): SessionUser {
    response.cookie(SESSION_COOKIE, this.auth.issueSessionToken(request.user), sessionCookieOptions(request, this.auth.sessionTtlMs));
    return request.user;
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): void {
    response.clearCookie(SESSION_COOKIE, { ...sessionCookieOptions(request, 0), maxAge: undefined });
  }

  @Get('me')
  me(@Req() request: AuthenticatedRequest): SessionUser {
    return request.user;
  }
}
