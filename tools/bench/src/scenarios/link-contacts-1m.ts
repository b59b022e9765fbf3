// Issue 16: the first (full) link-contacts run at a million: 1,000,000 CRM contacts (the bench CRM contacts,
// inserted by generate_series), 1,000,000 CC contacts of which 800,000 carry the shared emails in another case
// (sandbox matchEmails, matchRatio 1; its default 3% unsubscribed and 2% deleted), no campaigns. Like
// link-full-50k, but the line is about growth: the SQL of the last 10% of pages against the first 10%
// (`sqlGrowth` ≤ 1.5), flat memory (peak RSS < 400 MB), and a run as long as its calls at 4 requests/s
// (`wallVsCallsAt4PerSec` ≤ 1.05). Measured at CC's real 4/s (2,000 calls: ~9 minutes); BENCH_LINK_1M_RATE=<n>
// measures at n/s instead and projects the wall time to 4/s from each page's own cost.
import { CONTACTS_PAGE_SIZE } from '../../../../apps/api/src/modules/sync';
import { withConnectedApi } from '../api-app';
import type { ScenarioFigures } from '../figures';
import { progress } from '../log';
import { CC_LIMITS, pagedCalls } from '../lower-bound';
import { linkExtras, linkGrowth } from './link-contacts-50k';
import { withIndexesRebuilt } from './support/bulk-load';
import { benchCrmContact, CRM_CONTACT_TABLES, crmContactsSqlAgrees, insertCrmContactsSql, normalizedEmail } from './support/crm-contacts';
import { measureSyncJob, quietSchedules, withRaisedRate } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const NAME = 'link-full-1m';
const CRM_CONTACTS = 1_000_000;
const CC_CONTACTS = 1_000_000;
const SHARED_EMAILS = 800_000;
const RATE = Number(process.env.BENCH_LINK_1M_RATE ?? CC_LIMITS.requestsPerSecond);

export const linkFull1m: BenchScenario = {
  name: NAME,
  large: true,
  description:
    'first (full) link-contacts run: 1,000,000 CRM vs 1,000,000 CC contacts, 800,000 shared; per-page SQL growth, RSS, wall vs calls at 4/s',
  run: () => {
    // 800,000 strings, sent once to the sandbox child at its start (structured clone), then garbage here.
    const shared = Array.from({ length: SHARED_EMAILS }, (_, index) => normalizedEmail(benchCrmContact(index).email));
    return withConnectedApi(
      {
        label: 'link_full_1m',
        sandbox: {
          scenario: { seed: 5, contacts: CC_CONTACTS, matchEmails: shared, matchRatio: 1, campaigns: 0, extraCampaignKinds: false },
          startTimeoutMs: 600_000,
        },
      },
      async (api): Promise<ScenarioFigures> => {
        shared.length = 0;
        const { dataSource } = api;
        await quietSchedules(api.app);
        progress(NAME, `inserting ${CRM_CONTACTS} CRM contacts`);
        await withIndexesRebuilt(dataSource, CRM_CONTACT_TABLES, () => insertCrmContactsSql(dataSource, { count: CRM_CONTACTS }), NAME);
        if (!(await crmContactsSqlAgrees(dataSource, 'crm', 0, CRM_CONTACTS)))
          throw new Error('the SQL contacts differ from benchCrmContact');
        progress(NAME, `running link-contacts (full) at ${RATE} requests/s`);
        const run = () => measureSyncJob(api, 'link-contacts', { pageOperations: ['getContacts'] });
        const measured = RATE === CC_LIMITS.requestsPerSecond ? await run() : await withRaisedRate(api, RATE, run);
        const { growth, targets, extras } = linkGrowth(api, measured, RATE);
        const lowerBound = pagedCalls(CC_CONTACTS, CONTACTS_PAGE_SIZE);
        return {
          apiCalls: measured.apiCalls,
          lowerBound,
          wallMs: measured.wallMs,
          rows: measured.run.progress_done,
          peakRssMb: measured.peakRssMb,
          growth,
          targets: { apiCallsAtLowerBound: measured.apiCalls === lowerBound, ...targets },
          extras: { ...(await linkExtras(api, measured)), ...extras },
        };
      },
    );
  },
};
