import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionGuard } from './guards';
import { AUTHENTICATOR, createAuthenticator } from './authenticator';
import { createLocalStrategy } from './local.strategy';
import { PgThrottlerStorage } from './login-throttle.storage';
import { SessionStore } from './session.store';
import { UserEntity } from './user.entity';

/**
 * Admin sign-in: users, passport-local login, server-side sessions (auth_sessions) behind an httpOnly cookie
 * with a CSRF token, the global session guard, and login throttling counted in PostgreSQL (auth_throttle).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.LOGIN_ATTEMPTS_PER_MINUTE }],
        storage: new PgThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionStore,
    {
      provide: AUTHENTICATOR,
      inject: [AuthService],
      useFactory: (auth: AuthService) => createAuthenticator().use('local', createLocalStrategy(auth)),
    },
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, SessionStore, AUTHENTICATOR],
})
export class AuthModule {}
