// Issue 5: the activities job importing ~200,000 tracking rows (20 sent campaigns, each to a 10,000-contact
// list, the sandbox's default engagement: ~20% opens, ~3% clicks, ~1% bounces, ~0.3% opt-outs, 0.2% forwards)
// as Interactions, at CC's real 4 requests/s. 9,000 of the 10,000 CC contacts are linked to CRM contacts first
// (a link-contacts run, not measured). Then `activities` is measured, and a re-run right after (nothing new).
// Where the time goes is split from outside: time inside CC client calls (pacing included) vs time inside the
// interactions INSERT of each page (the data source's query() timed per statement), which gives insertRowsPerSec.
import { REPORT_PAGE_SIZE, TRACKING_KINDS } from '../../../../apps/api/src/modules/sync';
import { withConnectedApi } from '../api-app';
import { roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { pagedCalls } from '../lower-bound';
import { benchCrmContacts, insertCrmContacts, normalizedEmail } from './support/crm-contacts';
import { describeGroups } from './support/query-timer';
import { DirectV3, eachPage, measureSyncJob, quietSchedules, runCount, runSyncJob, withDirectV3 } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const NAME = 'activities-200k';
const CAMPAIGNS = 20;
const RECIPIENTS = 10_000;
const LINKED = 9_000;
const CRM_ONLY = 1_000;
/** The statement group (query-timer's classifySql) of ActivitiesJob.insertInteractions: one per report page. */
const INTERACTIONS_INSERT = 'incoming: insert interactions';
/** GET /emails/{id}: what the job needs per campaign to learn its name and primary campaign-activity id. */
const DESCRIBE_CALLS_PER_CAMPAIGN = 1;

/** Rows of every tracking report the job imports, per campaign activity and kind, as the sandbox serves them. */
export async function countReportRows(
  v3: DirectV3,
  activityIds: string[],
): Promise<{ rows: number; lowerBoundPages: number; byKind: Record<string, number> }> {
  let rows = 0;
  let lowerBoundPages = 0;
  const byKind: Record<string, number> = {};
  for (const activityId of activityIds) {
    for (const { kind } of TRACKING_KINDS) {
      let count = 0;
      await eachPage<{ tracking_activities?: unknown[]; _links?: { next?: { href?: string } } }>(
        v3,
        `/reports/email_reports/${activityId}/tracking/${kind}?limit=${REPORT_PAGE_SIZE}`,
        (page) => void (count += page.tracking_activities?.length ?? 0),
      );
      rows += count;
      byKind[kind] = (byKind[kind] ?? 0) + count;
      // A kind with no rows has a unique count of 0 in the summaries: it needs no call.
      if (count > 0) lowerBoundPages += pagedCalls(count, REPORT_PAGE_SIZE);
    }
  }
  return { rows, lowerBoundPages, byKind };
}

export const activities200k: BenchScenario = {
  name: NAME,
  description: 'activities job: 20 campaigns × 10,000 recipients (~200,000 tracking rows) into Interactions at 4 requests/s, then a re-run',
  run: () => {
    const linkedCrm = benchCrmContacts(LINKED, 'act');
    return withConnectedApi(
      {
        label: 'activities_200k',
        sandbox: {
          scenario: {
            seed: 11,
            contacts: RECIPIENTS,
            // Campaign c goes to list c: every list holds all 10,000 contacts (recipientsPerCampaign / contacts = 1).
            lists: CAMPAIGNS,
            campaigns: CAMPAIGNS,
            recipientsPerCampaign: RECIPIENTS,
            matchEmails: linkedCrm.map((contact) => normalizedEmail(contact.email)),
            matchRatio: 1,
            extraCampaignKinds: false,
          },
        },
      },
      async (api): Promise<ScenarioFigures> => {
        const { app, dataSource, sandbox } = api;
        await quietSchedules(app);
        await insertCrmContacts(dataSource, [...linkedCrm, ...benchCrmContacts(CRM_ONLY, 'crmonly')]);
        progress(NAME, `linking ${LINKED} CRM contacts first (link-contacts, not measured)`);
        await runSyncJob(app, 'link-contacts');

        progress(NAME, 'running activities');
        const measured = await measureSyncJob(api, 'activities');
        const insert = measured.sql.groups.get(INTERACTIONS_INSERT) ?? { count: 0, ms: 0, rows: 0 };
        const [{ interactions, linked }] = await dataSource.query(
          `SELECT count(*)::int AS interactions, count(contact_id)::int AS linked FROM interactions WHERE source_run_id = $1`,
          [measured.run.id],
        );

        progress(NAME, 're-running activities (nothing new)');
        const rerun = await measureSyncJob(api, 'activities');

        // Counted after the runs (the job only reads the reports, so the rows are the same), so that the ~200,000
        // parsed rows of the count do not sit in this process's RSS when the run is measured.
        const campaigns = (await sandbox.control.listCampaigns()).filter(
          (campaign) => campaign.trackedByReports && campaign.primaryActivityId,
        );
        progress(NAME, `counting the tracking rows of ${campaigns.length} campaigns for the lower bound (rate limit lifted)`);
        const report = await withDirectV3(sandbox, (v3) =>
          countReportRows(
            v3,
            campaigns.map((campaign) => campaign.primaryActivityId!),
          ),
        );
        // One summaries page (≤500 campaigns), one GET /emails/{id} per campaign, one call per 500 rows of each report.
        const lowerBound = pagedCalls(campaigns.length, 500) + campaigns.length * DESCRIBE_CALLS_PER_CAMPAIGN + report.lowerBoundPages;
        return {
          apiCalls: measured.apiCalls,
          lowerBound,
          wallMs: measured.wallMs,
          rows: measured.run.progress_done,
          peakRssMb: measured.peakRssMb,
          extras: {
            trackingRows: report.rows,
            rowsByKind: report.byKind,
            interactions: runCount(measured.run, 'created'),
            interactionsInTable: interactions,
            onLinkedContacts: runCount(measured.run, 'onLinkedContacts'),
            linkedInTable: linked,
            optOuts: runCount(measured.run, 'optOuts'),
            insertPages: insert.count,
            insertMs: Math.round(insert.ms),
            insertRowsPerSec: insert.ms > 0 ? roundFigure((insert.rows * 1000) / insert.ms) : null,
            // Time inside CtctClient.request (HTTP, pacing waits, API-log writes) vs all SQL the run sent.
            fetchMs: Math.round(measured.cc.totalMs()),
            sqlMs: Math.round(measured.sql.totalMs()),
            // Rows per second of all the run's SQL (inserts, checkpoints, API log, rate budget): the DB side end to end.
            dbRowsPerSec: measured.sql.totalMs() > 0 ? roundFigure((measured.run.progress_done * 1000) / measured.sql.totalMs()) : null,
            sql: describeGroups(measured.sql.groups, 6),
            runApiCalls: Number(measured.run.api_calls ?? 0),
            throttled: measured.throttled,
            rssBeforeMb: Math.round(measured.rssBeforeMb),
            sandboxPeakRssMb: Math.round(measured.sandboxPeakRssMb),
            rerunApiCalls: rerun.apiCalls,
            // Nothing new: only the summaries page (every kind's unique count unchanged, campaigns older than 7 days).
            rerunLowerBound: pagedCalls(campaigns.length, 500),
            rerunWallMs: Math.round(rerun.wallMs),
            rerunCreated: runCount(rerun.run, 'created'),
          },
        };
      },
    );
  },
};
