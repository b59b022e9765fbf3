import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { SessionUser } from '@ctct/shared-types';
import bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ValidationFailedError } from '../../common/domain-errors';
import { SessionStore } from './session.store';
import { UserEntity } from './user.entity';

const BCRYPT_COST = 12;
// Compared against when the email is unknown, so a wrong email costs as much time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 4);

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly sessions: SessionStore,
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

  /**
   * Changes the password after checking the current one, and ends every session of the user: whoever else
   * was signed in with the old password is out from their next request, on every replica.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :userId', { userId }).getOne();
    if (!user || !(await bcrypt.compare(currentPassword, user.passwordHash))) {
      throw new ValidationFailedError([{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    if (currentPassword === newPassword) {
      throw new ValidationFailedError([{ field: 'newPassword', message: 'must differ from the current password' }]);
    }
    await this.users.update({ id: userId }, { passwordHash: await bcrypt.hash(newPassword, BCRYPT_COST) });
    const ended = await this.sessions.endAllForUser(userId);
    this.logger.log(`password changed for user ${userId}; ${ended} session(s) ended`);
  }

  /** Every admin's e-mail address (alerts are mailed to them). */
  async adminEmails(): Promise<string[]> {
    const users = await this.users.find({ select: { email: true }, order: { email: 'ASC' } });
    return users.map((user) => user.email);
  }
}
