import { CreateUsers1763856000000 } from '../modules/auth/migrations/1763856000000-create-users';
import { CreateContacts1763856100000 } from '../modules/contacts/migrations/1763856100000-create-contacts';
import { CreateSettings1763856200000 } from '../modules/settings/migrations/1763856200000-create-settings';
import { CreateCtctConnection1763856300000 } from '../modules/ctct/migrations/1763856300000-create-ctct-connection';
import { CreateApiCallLog1763856400000 } from '../modules/api-log/migrations/1763856400000-create-api-call-log';
import { CreateSyncRuns1763856500000 } from '../modules/runs/migrations/1763856500000-create-sync-runs';
import { CreateCtctMirror1763856600000 } from '../modules/ctct-mirror/migrations/1763856600000-create-ctct-mirror';
import { CreateInteractions1763856700000 } from '../modules/interactions/migrations/1763856700000-create-interactions';
import { CreatePushOutbox1763856800000 } from '../modules/push/migrations/1763856800000-create-push-outbox';
import { CreateBulkRunItems1763856900000 } from '../modules/push/migrations/1763856900000-create-bulk-run-items';
import { ContactsEmailKey1763857100000 } from '../modules/contacts/migrations/1763857100000-contacts-email-key';
import { AddApiCallLogDecision1763860000000 } from '../modules/api-log/migrations/1763860000000-add-api-call-log-decision';
import { AddBudgetCcClockAndTokenPacing1763870000000 } from '../modules/ctct/migrations/1763870000000-add-budget-cc-clock-and-token-pacing';
import { AddApiCallLogBudgetLane1763870100000 } from '../modules/api-log/migrations/1763870100000-add-api-call-log-budget-lane';
import { CreateSessions1764000000000 } from '../modules/auth/migrations/1764000000000-create-sessions';
import { AddRunLifecycle1764100000000 } from '../modules/runs/migrations/1764100000000-add-run-lifecycle';
import { CreateAlerts1764100100000 } from '../modules/alerts/migrations/1764100100000-create-alerts';
import { ContactsEmailLooseKey1764100300000 } from '../modules/contacts/migrations/1764100300000-contacts-email-loose-key';
import { CtctContactsIdentity1764100400000 } from '../modules/ctct-mirror/migrations/1764100400000-ctct-contacts-identity';
import { OneLinkRecordPerContact1764100500000 } from '../modules/runs/migrations/1764100500000-one-link-record-per-contact';
import { MirrorContactNames1764120000000 } from '../modules/ctct-mirror/migrations/1764120000000-mirror-contact-names';
import { OutboxSeenVersions1764120100000 } from '../modules/push/migrations/1764120100000-outbox-seen-versions';
import { CreateConsentEvents1764200100000 } from '../modules/consent/migrations/1764200100000-create-consent-events';
import { ContactsSearchText1764300000000 } from '../modules/contacts/migrations/1764300000000-contacts-search-text';
import { ContactSearchTable1764300400000 } from '../modules/contacts/migrations/1764300400000-contact-search-table';
import { ContactsCtctIdCovering1764300500000 } from '../modules/contacts/migrations/1764300500000-contacts-ctct-id-covering';
import { InteractionsAtScale1764300100000 } from '../modules/interactions/migrations/1764300100000-interactions-at-scale';
import { CtctContactsRunKeys1764300200000 } from '../modules/ctct-mirror/migrations/1764300200000-ctct-contacts-run-keys';
import { InteractionsWithoutContactLock1764300300000 } from '../modules/interactions/migrations/1764300300000-interactions-without-contact-lock';

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
  ContactsEmailKey1763857100000,
  AddApiCallLogDecision1763860000000,
  AddBudgetCcClockAndTokenPacing1763870000000,
  AddApiCallLogBudgetLane1763870100000,
  CreateSessions1764000000000,
  AddRunLifecycle1764100000000,
  CreateAlerts1764100100000,
  ContactsEmailLooseKey1764100300000,
  CtctContactsIdentity1764100400000,
  OneLinkRecordPerContact1764100500000,
  MirrorContactNames1764120000000,
  OutboxSeenVersions1764120100000,
  CreateConsentEvents1764200100000,
  ContactsSearchText1764300000000,
  InteractionsAtScale1764300100000,
  CtctContactsRunKeys1764300200000,
  InteractionsWithoutContactLock1764300300000,
  ContactSearchTable1764300400000,
  ContactsCtctIdCovering1764300500000,
];
