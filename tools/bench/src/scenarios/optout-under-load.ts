// Issue 14: opt-outs are never starved by a job. The activities import of activities-200k (20 campaigns × 10,000
// recipients, ~205,000 tracking rows, at CC's real 4 requests/s) runs twice on the same installation: first alone,
// then again from scratch (interactions, watermarks and campaigns forgotten) while 200 Do Not Email toggles arrive
// over HTTP at the normal pace of optout-latency (open-loop, one every 500–1,000 ms, seeded). The shared budget
// serves opt-outs before runs, so each opt-out call waits at most the rest of the current request slot, however busy
// the import keeps the budget.
// Figures: the opt-outs' latency (the sandbox's time of the PUT − the PATCH's answer; target p95 < 5 s), and the
// import's wall time under load versus alone (it gives up the slots the opt-outs take: 2 calls each).
import { REPORT_PAGE_SIZE } from '../../../../apps/api/src/modules/sync';
import { RunsService } from '../../../../apps/api/src/modules/runs';
import { withConnectedApi } from '../api-app';
import { roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { measure } from '../measure';
import { pagedCalls } from '../lower-bound';
import { countReportRows } from './activities-200k';
import { benchCrmContacts, insertCrmContacts, normalizedEmail } from './support/crm-contacts';
import { seededRandom } from './support/latency';
import { arrivalOffsets, callsByLane, optOutLatencies, sendOpenLoop, subscribedTargets, waitForOptOutPushes } from './support/optouts';
import { BENCH_ADMIN_ENV, signedInAgent, waitForRun } from './support/push-bench';
import { measureSyncJob, quietSchedules, runCount, runSyncJob, withDirectV3 } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const NAME = 'optout-under-load';
const CAMPAIGNS = 20;
const RECIPIENTS = 10_000;
const LINKED = 9_000;
const TOGGLES = 200;
const CALLS_PER_OPT_OUT = 2;
const TARGET_P95_MS = 5_000;
const PACE = 'open-loop arrivals, one every 500-1000 ms (uniform, seeded; mean 750 ms, ~1.33/s)';

export const optoutUnderLoad: BenchScenario = {
  name: NAME,
  // Two full imports at 4 requests/s (~7½ minutes): with --large, so the default bench stays under 20 minutes.
  large: true,
  description: 'opt-out latency while the activities import of ~205,000 rows saturates 4 requests/s; the import alone vs under load',
  run: () => {
    const linkedCrm = benchCrmContacts(LINKED, 'oul');
    return withConnectedApi(
      {
        label: 'optout_under_load',
        env: BENCH_ADMIN_ENV,
        sandbox: {
          scenario: {
            seed: 11,
            contacts: RECIPIENTS,
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
        await insertCrmContacts(dataSource, linkedCrm);
        progress(NAME, `linking ${LINKED} CRM contacts first (link-contacts, not measured)`);
        await runSyncJob(app, 'link-contacts');
        const targets = await subscribedTargets(dataSource, sandbox, TOGGLES);

        progress(NAME, 'the activities import alone');
        const alone = await measureSyncJob(api, 'activities');

        // The same import again from scratch: what the first run recorded is forgotten (setup, not measured).
        await dataSource.query(`DELETE FROM interactions`);
        await dataSource.query(`DELETE FROM ctct_tracking_watermarks`);
        await dataSource.query(`DELETE FROM ctct_campaigns`);
        await dataSource.query('VACUUM ANALYZE interactions');
        const agent = await signedInAgent(app);
        const offsets = arrivalOffsets(TOGGLES, 500, 1_000, seededRandom(71));

        progress(NAME, `the activities import again, while ${TOGGLES} opt-outs arrive (${PACE})`);
        (globalThis as { gc?: () => void }).gc?.();
        await dataSource.query('CHECKPOINT').catch(() => undefined);
        await sandbox.control.resetStats();
        const since = new Date();
        const measured = await measure(async () => {
          const started = performance.now();
          const { run, created } = await app.get(RunsService).requestRun('activities', 'manual');
          if (!created) throw new Error(`an activities run was already active (${run.id})`);
          const finished = waitForRun(app, run.id).then((row) => ({ row, importMs: performance.now() - started }));
          finished.catch(() => undefined); // awaited below
          const toggles = await sendOpenLoop(agent, targets, offsets);
          const pushes = await waitForOptOutPushes(
            dataSource,
            targets.map((target) => target.contactId),
            5 * 60_000,
          );
          return { toggles, pushes, ...(await finished) };
        });
        const stats = await sandbox.control.stats();
        const { toggles, pushes, row: underLoad, importMs } = measured.value;
        const latency = await optOutLatencies(sandbox, toggles);
        const lanes = await callsByLane(dataSource, since);

        const reported = (campaign: { trackedByReports: boolean; primaryActivityId?: string }) =>
          campaign.trackedByReports && campaign.primaryActivityId;
        const campaigns = (await sandbox.control.listCampaigns()).filter(reported);
        progress(NAME, 'counting the report rows for the lower bound (rate limit lifted)');
        const report = await withDirectV3(sandbox, (v3) =>
          countReportRows(
            v3,
            campaigns.map((campaign) => campaign.primaryActivityId!),
          ),
        );
        const importLowerBound = pagedCalls(campaigns.length, 500) + campaigns.length + report.lowerBoundPages;
        const firstSent = Math.min(...toggles.map((toggle) => toggle.sentAt));
        const lastSent = Math.max(...toggles.map((toggle) => toggle.sentAt));
        return {
          apiCalls: stats.total,
          lowerBound: importLowerBound + CALLS_PER_OPT_OUT * TOGGLES,
          wallMs: measured.wallMs,
          rows: underLoad.progress_done + TOGGLES,
          peakRssMb: measured.peakRssMb,
          extras: {
            pace: PACE,
            arrivalsPerSec: roundFigure(((toggles.length - 1) * 1000) / Math.max(1, lastSent - firstSent)),
            optOuts: TOGGLES,
            delivered: pushes.delivered,
            failed: pushes.failed,
            unsubscribedInCc: latency.unsubscribed,
            p50Ms: latency.p50Ms,
            p95Ms: latency.p95Ms,
            maxMs: latency.maxMs,
            p95Under5s: latency.p95Ms !== null && latency.p95Ms < TARGET_P95_MS,
            importWallMsAlone: Math.round(alone.wallMs),
            importWallMsUnderLoad: Math.round(importMs),
            importSlowdown: roundFigure(importMs / alone.wallMs),
            importApiCallsAlone: alone.apiCalls,
            importRowsAlone: alone.run.progress_done,
            importRowsUnderLoad: underLoad.progress_done,
            importCreatedUnderLoad: runCount(underLoad, 'created'),
            importLowerBound,
            reportPageSize: REPORT_PAGE_SIZE,
            callsByLane: lanes.byLane,
            throttled: stats.throttled,
            maxCallsInAnySecond: stats.maxInAnySecond,
            outcomes: pushes.outcomes,
            latencyFrom: 'PATCH response -> sandbox opt_out_date of the PUT',
          },
        };
      },
    );
  },
};
