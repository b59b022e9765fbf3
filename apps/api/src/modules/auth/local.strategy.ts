import { UnauthorizedException } from '@nestjs/common';
import type { SessionUser } from '@ctct/shared-types';
import { Strategy } from 'passport-local';
import { AuthService } from './auth.service';

/** passport-local, checking email and password against the users table. */
export function createLocalStrategy(auth: AuthService): Strategy {
  return new Strategy({ usernameField: 'email', passwordField: 'password', session: false }, (email, password, done) => {
    auth.verifyCredentials(email, password).then(
      (user: SessionUser | null) => (user ? done(null, user) : done(new UnauthorizedException('Email or password is wrong'))),
      (error: Error) => done(error),
    );
  });
}
