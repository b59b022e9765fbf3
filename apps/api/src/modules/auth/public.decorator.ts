import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:isPublic';
/** Marks a route that answers without a session (health, login). Everything else needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
