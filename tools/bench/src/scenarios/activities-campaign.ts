// Issue 16: the activities job on one campaign sent to a whole account — 50,000 contacts (default) and, with
// --large, 1,000,000 — with the sandbox's engagement rates (~20% opens, ~3% clicks, ~1% bounces, ~0.3% opt-outs,
// 0.2% forwards; every mailable member of the list gets it): ~56,000 and ~1,110,000 tracking rows. 90% of the CC
// contacts are CRM contacts, linked first by a link-contacts run at a raised rate (setup, not measured). The
// measured run is at CC's real 4 requests/s (~2,230 calls, ~10 minutes, at 1,000,000). Growth: the Interactions
// insert's time per row over the last 10% of pages against the first 10% (`insertGrowth`), and the insert's
// share of the fetch time (issue 16: < 10%).
import { REPORT_PAGE_SIZE, TRACKING_KINDS } from '../../../../apps/api/src/modules/sync';
import { withConnectedApi } from '../api-app';
import { ratio, roundFigure, tailGrowth, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { pagedCalls } from '../lower-bound';
import { countReportRows } from './activities-200k';
import { withIndexesRebuilt } from './support/bulk-load';
import { benchCrmContact, CRM_CONTACT_TABLES, insertCrmContactsSql, normalizedEmail } from './support/crm-contacts';
import { pageFigures } from './support/page-figures';
import { describeGroups } from './support/query-timer';
import { measureSyncJob, quietSchedules, runCount, runSyncJob, withDirectV3, withRaisedRate } from './support/sync-bench';
import type { BenchScenario } from './scenario';

/** ActivitiesJob's insert of a page of Interactions (query-timer's classifySql of its WITH statement). */
const INTERACTIONS_INSERT = 'incoming: insert interactions';
const LINKED_SHARE = 0.9;
/** The rate of the setup link run (the sandbox's limit lifted meanwhile). */
const SETUP_RATE = 1_000;

function activitiesCampaign(name: string, recipients: number, large: boolean): BenchScenario {
  const label = name.replace(/-/g, '_');
  const crm = Math.round(recipients * LINKED_SHARE);
  return {
    name,
    large,
    description: `activities job: one campaign sent to ${recipients.toLocaleString('en-US')} contacts, into Interactions at 4 requests/s`,
    run: () => {
      const shared = Array.from({ length: crm }, (_, index) => normalizedEmail(benchCrmContact(index, 'act').email));
      return withConnectedApi(
        {
          label,
          sandbox: {
            scenario: {
              seed: 7,
              contacts: recipients,
              lists: 1,
              campaigns: 1,
              recipientsPerCampaign: recipients,
              matchEmails: shared,
              matchRatio: 1,
              extraCampaignKinds: false,
            },
            startTimeoutMs: 600_000,
          },
        },
        async (api): Promise<ScenarioFigures> => {
          shared.length = 0;
          const { app, dataSource, sandbox } = api;
          await quietSchedules(app);
          progress(name, `inserting ${crm} CRM contacts, linking them (link-contacts at ${SETUP_RATE}/s, not measured)`);
          await withIndexesRebuilt(
            dataSource,
            CRM_CONTACT_TABLES,
            () => insertCrmContactsSql(dataSource, { count: crm, prefix: 'act' }),
            name,
          );
          await withRaisedRate(api, SETUP_RATE, () => runSyncJob(app, 'link-contacts'));

          progress(name, 'running activities at 4 requests/s');
          const measured = await measureSyncJob(api, 'activities', {
            pageOperations: TRACKING_KINDS.map((kind) => kind.operation),
            insertGroup: INTERACTIONS_INSERT,
          });
          const insert = measured.sql.groups.get(INTERACTIONS_INSERT) ?? { count: 0, ms: 0, rows: 0 };
          const fetchMs = measured.cc.totalMs();

          // Counted after the run (the job only reads the reports), so the parsed pages are not in the run's RSS.
          const campaigns = (await sandbox.control.listCampaigns()).filter(
            (campaign) => campaign.trackedByReports && campaign.primaryActivityId,
          );
          progress(name, 'counting the tracking rows for the lower bound (rate limit lifted)');
          const report = await withDirectV3(sandbox, (v3) =>
            countReportRows(
              v3,
              campaigns.map((campaign) => campaign.primaryActivityId!),
            ),
          );
          // One summaries page, one GET /emails/{id}, one call per 500 rows of each report with rows.
          const lowerBound = pagedCalls(campaigns.length, 500) + campaigns.length + report.lowerBoundPages;

          const { figures, growth } = pageFigures(measured.pages);
          const perRow = measured.pages.filter((page) => page.insertRows > 0).map((page) => page.insertMs / page.insertRows);
          const insertShareOfFetch = ratio(insert.ms, fetchMs);
          const insertGrowth = tailGrowth(perRow);
          return {
            apiCalls: measured.apiCalls,
            lowerBound,
            wallMs: measured.wallMs,
            rows: measured.run.progress_done,
            peakRssMb: measured.peakRssMb,
            growth: { insertGrowth, sqlGrowth: growth.sqlGrowth },
            targets: {
              apiCallsAtLowerBound: measured.apiCalls === lowerBound,
              peakRssUnder400Mb: measured.peakRssMb < 400,
              insertUnder10PctOfFetch: insertShareOfFetch !== null && insertShareOfFetch < 0.1,
            },
            extras: {
              recipients,
              trackingRows: report.rows,
              rowsByKind: report.byKind,
              interactions: runCount(measured.run, 'created'),
              onLinkedContacts: runCount(measured.run, 'onLinkedContacts'),
              optOuts: runCount(measured.run, 'optOuts'),
              insertPages: insert.count,
              insertMs: Math.round(insert.ms),
              insertRowsPerSec: insert.ms > 0 ? roundFigure((insert.rows * 1000) / insert.ms) : null,
              fetchMs: Math.round(fetchMs),
              insertShareOfFetch,
              // Microseconds of insert per Interaction, first and last 10% of the pages that inserted rows.
              insertUsPerRowFirstTenth: perRow.length ? roundFigure(mean(perRow.slice(0, tenth(perRow)))! * 1000) : null,
              insertUsPerRowLastTenth: perRow.length ? roundFigure(mean(perRow.slice(-tenth(perRow)))! * 1000) : null,
              perPage: figures,
              sqlMs: Math.round(measured.sql.totalMs()),
              sql: describeGroups(measured.sql.groups, 6),
              runApiCalls: Number(measured.run.api_calls ?? 0),
              throttled: measured.throttled,
              rssBeforeMb: Math.round(measured.rssBeforeMb),
              peakHeapUsedMb: Math.round(measured.peakHeapUsedMb),
              sandboxPeakRssMb: Math.round(measured.sandboxPeakRssMb),
              reportPageSize: REPORT_PAGE_SIZE,
            },
          };
        },
      );
    },
  };
}

const tenth = (values: readonly number[]) => Math.max(1, Math.floor(values.length / 10));
const mean = (values: readonly number[]) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null);

export const activities50kCampaign = activitiesCampaign('activities-50k-campaign', 50_000, false);
export const activities1mCampaign = activitiesCampaign('activities-1m-campaign', 1_000_000, true);
