import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionGuard } from './guards';
import { AUTHENTICATOR, createAuthenticator } from './authenticator';
import { createLocalStrategy } from './local.strategy';
import { UserEntity } from './user.entity';

/** Admin sign-in: users, passport-local login, a JWT session in an httpOnly cookie, and the global session guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.SESSION_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [{ name: 'login', ttl: 60_000, limit: config.LOGIN_ATTEMPTS_PER_MINUTE }],
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    {
      provide: AUTHENTICATOR,
      inject: [AuthService],
      useFactory: (auth: AuthService) => createAuthenticator().use('local', createLocalStrategy(auth)),
    },
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [AuthService, AUTHENTICATOR],
})
export class AuthModule {}
