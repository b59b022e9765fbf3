import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { SessionUser } from '@ctct/shared-types';
import bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SessionClaims } from './session';
import { UserEntity } from './user.entity';

const BCRYPT_COST = 12;
// Compared against when the email is unknown, so a wrong email costs as much time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 4);

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD once; an existing user is left as it is. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (email && password) {
      const created = await this.createUserIfAbsent(email, password, 'Administrator');
      if (created) this.logger.log(`created the admin user ${email}`);
    } else if ((await this.users.count()) === 0) {
      this.logger.warn('no admin user exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create one');
    }
  }

  async createUserIfAbsent(email: string, password: string, name: string): Promise<boolean> {
    const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: email.trim().toLowerCase(), name, passwordHash })
      .orIgnore()
      .execute();
    return (result.identifiers.filter(Boolean).length ?? 0) > 0;
  }

  async verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = lower(:email)', { email: email.trim() })
      .getOne();
    const matches = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    return user && matches ? { id: user.id, email: user.email, name: user.name } : null;
  }

  issueSessionToken(user: SessionUser): string {
    const claims: SessionClaims = { sub: user.id, email: user.email, name: user.name };
    return this.jwt.sign(claims, { expiresIn: this.config.SESSION_TTL_MINUTES * 60 });
  }

  /** The session's user, or null when the token is missing, forged or expired. */
  readSessionToken(token: string | undefined): { user: SessionUser; issuedAt: number } | null {
    if (!token) return null;
    try {
      const claims = this.jwt.verify<SessionClaims & { iat: number }>(token);
      return { user: { id: claims.sub, email: claims.email, name: claims.name }, issuedAt: claims.iat * 1000 };
    } catch {
      return null;
    }
  }

  get sessionTtlMs(): number {
    return this.config.SESSION_TTL_MINUTES * 60_000;
  }

  /** Every admin's e-mail address (alerts are mailed to them). */
  async adminEmails(): Promise<string[]> {
    const users = await this.users.find({ select: { email: true }, order: { email: 'ASC' } });
    return users.map((user) => user.email);
  }
}
