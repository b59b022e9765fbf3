import { UserEntity } from '../modules/auth/user.entity';
import { ContactEntity } from '../modules/contacts/contact.entity';

/** Every TypeORM entity, listed explicitly (no globs: the build is bundled-path agnostic). */
export const ENTITIES = [UserEntity, ContactEntity];
