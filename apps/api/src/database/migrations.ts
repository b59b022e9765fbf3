import { CreateUsers1763856000000 } from '../modules/auth/migrations/1763856000000-create-users';
import { CreateContacts1763856100000 } from '../modules/contacts/migrations/1763856100000-create-contacts';
import { CreateSettings1763856200000 } from '../modules/settings/migrations/1763856200000-create-settings';
import { CreateCtctConnection1763856300000 } from '../modules/ctct/migrations/1763856300000-create-ctct-connection';
import { CreateApiCallLog1763856400000 } from '../modules/api-log/migrations/1763856400000-create-api-call-log';
import { CreateSyncRuns1763856500000 } from '../modules/runs/migrations/1763856500000-create-sync-runs';
import { CreateCtctMirror1763856600000 } from '../modules/sync/migrations/1763856600000-create-ctct-mirror';
import { CreateInteractions1763856700000 } from '../modules/interactions/migrations/1763856700000-create-interactions';
import { CreatePushOutbox1763856800000 } from '../modules/push/migrations/1763856800000-create-push-outbox';
import { CreateBulkRunItems1763856900000 } from '../modules/push/migrations/1763856900000-create-bulk-run-items';
import { AddApiCallLogDecision1763860000000 } from '../modules/api-log/migrations/1763860000000-add-api-call-log-decision';
import { ContactsSearchText1763871000000 } from '../modules/contacts/migrations/1763871000000-contacts-search-text';
import { InteractionsAtScale1763872000000 } from '../modules/interactions/migrations/1763872000000-interactions-at-scale';

/** Every migration in order; each lives beside its module. */
export const MIGRATIONS = [
  CreateUsers1763856000000,
  CreateContacts1763856100000,
  CreateSettings1763856200000,
  CreateCtctConnection1763856300000,
  CreateApiCallLog1763856400000,
  CreateSyncRuns1763856500000,
  CreateCtctMirror1763856600000,
  CreateInteractions1763856700000,
  CreatePushOutbox1763856800000,
  CreateBulkRunItems1763856900000,
  AddApiCallLogDecision1763860000000,
  ContactsSearchText1763871000000,
  InteractionsAtScale1763872000000,
];
