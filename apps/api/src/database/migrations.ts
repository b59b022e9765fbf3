import { CreateUsers1763856000000 } from '../modules/auth/migrations/1763856000000-create-users';
import { CreateContacts1763856100000 } from '../modules/contacts/migrations/1763856100000-create-contacts';
import { CreateSettings1763856200000 } from '../modules/settings/migrations/1763856200000-create-settings';
import { CreateCtctConnection1763856300000 } from '../modules/ctct/migrations/1763856300000-create-ctct-connection';
import { CreateApiCallLog1763856400000 } from '../modules/api-log/migrations/1763856400000-create-api-call-log';

/** Every migration in order; each lives beside its module. */
export const MIGRATIONS = [
  CreateUsers1763856000000,
  CreateContacts1763856100000,
  CreateSettings1763856200000,
  CreateCtctConnection1763856300000,
  CreateApiCallLog1763856400000,
];
