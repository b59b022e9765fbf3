import { UserEntity } from '../modules/auth/user.entity';

/**
 * Every TypeORM entity, listed explicitly (no globs: the build is bundled-path agnostic). Only auth uses a TypeORM
 * repository; the other modules read and write through the typed SQL layer (common/sql.ts) with row types.
 */
export const ENTITIES = [UserEntity];
