// Issue 14: a simulated day of CC's standard quota (10,000 calls), with the per-second rate raised to 50 so that
// the day passes in minutes. The jobs want more than the quota: a first link of 1,000,000 CC contacts (2,000 pages)
// and a first campaign import (1,500 sent campaigns of 400 recipients: a description and ~5 report pages each, about
// 9,000 calls); 500 opt-outs arrive meanwhile — first one every 1–3 s while the jobs run, then, once the jobs have
// stopped at their share (90%: the push reserve is the default 10%), the rest at the normal pace (every 0.5–1 s).
// The day's questions: are all opt-outs delivered, how fast (target p95 < 5 s), and what did the calls go to.
// QUOTA_DAY_SCALE (default 1) shrinks the CC account, the campaigns, the quota and the opt-outs together, for a
// quick try of the scenario on a small machine.
import type { CtctBudgetUsageDto } from '@ctct/shared-types';
import { type RunRow, RunsRepository, RunsService } from '../../../../apps/api/src/modules/runs';
import { withConnectedApi } from '../api-app';
import { roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { measure } from '../measure';
import { pagedCalls } from '../lower-bound';
import { benchCrmContacts, insertCrmContacts, normalizedEmail } from './support/crm-contacts';
import { seededRandom } from './support/latency';
import { arrivalOffsets, callsByLane, OptOutTarget, optOutLatencies, sendOpenLoop, Toggle, waitForOptOutPushes } from './support/optouts';
import { BENCH_ADMIN_ENV, signedInAgent } from './support/push-bench';
import { quietSchedules } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const NAME = 'quota-day';
const SCALE = Math.min(1, Math.max(0.001, Number(process.env.QUOTA_DAY_SCALE ?? 1)));
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));
const CC_CONTACTS = scaled(1_000_000);
const CAMPAIGNS = scaled(1_500);
const RECIPIENTS = 400;
const LISTS = 20;
const PER_DAY = scaled(10_000);
const PER_SECOND = 50;
const OPT_OUTS = scaled(500);
/** At most this many opt-outs arrive while the jobs still run; the rest come after they stopped. */
const WHILE_JOBS_RUN = Math.round(OPT_OUTS * 0.7);
const CALLS_PER_OPT_OUT = 2;
const TARGET_P95_MS = 5_000;

const STOPPED = new Set(['paused', 'succeeded', 'failed', 'skipped']);

/** The activities run's planned report pages (its checkpoint's plan: one page per 500 of each kind's unique count). */
function plannedReportPages(run: RunRow | null): number | null {
  const plan = run?.checkpoint as { campaigns?: Array<{ kinds: Array<{ uniqueCount: number }> }> } | null;
  if (!plan?.campaigns) return null;
  const pages = (kinds: Array<{ uniqueCount: number }>) => kinds.reduce((sum, kind) => sum + pagedCalls(kind.uniqueCount, 500), 0);
  return plan.campaigns.reduce((sum, campaign) => sum + pages(campaign.kinds), 0);
}

export const quotaDay: BenchScenario = {
  name: NAME,
  // Its link reads a 1,000,000-contact CC account: with the other million-row scenarios, so the default bench stays short.
  large: SCALE === 1,
  description:
    `a day of ${PER_DAY.toLocaleString('en-US')} calls at ${PER_SECOND}/s: a first link of ${CC_CONTACTS.toLocaleString('en-US')} ` +
    `CC contacts, a first import of ${CAMPAIGNS} campaigns, ${OPT_OUTS} opt-outs`,
  run: () => {
    // A few more CRM people than opt-outs: a campaign's engagement may have unsubscribed one of them in CC already.
    const crm = benchCrmContacts(OPT_OUTS + scaled(20), 'qday');
    return withConnectedApi(
      {
        label: 'quota_day',
        env: {
          ...BENCH_ADMIN_ENV,
          CTCT_RATE_PER_SECOND: String(PER_SECOND),
          CTCT_RATE_PER_DAY: String(PER_DAY),
          // At 50/s a slot is 20 ms: the default 15 ms margin would cap the day at ~29/s.
          CTCT_RATE_MARGIN_MS: '3',
        },
        sandbox: {
          rateLimit: { perSecond: PER_SECOND, perDay: PER_DAY },
          execArgv: ['--max-old-space-size=8192'],
          startTimeoutMs: 15 * 60_000,
          scenario: {
            seed: 14,
            contacts: CC_CONTACTS,
            lists: LISTS,
            campaigns: CAMPAIGNS,
            recipientsPerCampaign: RECIPIENTS,
            // The CRM's people are CC contacts too (subscribed, not deleted): each opt-out is a real read + PUT.
            matchEmails: crm.map((contact) => normalizedEmail(contact.email)),
            matchRatio: 1,
            unsubscribedRate: 0,
            deletedRate: 0,
            extraCampaignKinds: false,
          },
        },
      },
      async ({ app, dataSource, sandbox }): Promise<ScenarioFigures> => {
        await quietSchedules(app);
        await insertCrmContacts(dataSource, crm);
        const crmRows: Array<{ id: string; email: string }> = await dataSource.query(
          `SELECT id, email FROM contacts ORDER BY email_normalized`,
        );
        const targets: OptOutTarget[] = [];
        for (const row of crmRows) {
          if (targets.length === OPT_OUTS) break;
          const contact = await sandbox.control.findContactByEmail(normalizedEmail(row.email));
          if (contact && (contact.email_address as { permission_to_send?: string }).permission_to_send !== 'unsubscribed') {
            targets.push({ contactId: row.id, ctctId: String(contact.contact_id) });
          }
        }
        if (targets.length !== OPT_OUTS) {
          throw new Error(`expected ${OPT_OUTS} subscribed CC contacts for the CRM, found ${targets.length}`);
        }
        const agent = await signedInAgent(app);
        const runs = app.get(RunsRepository);
        const random = seededRandom(1414);
        const whileRunning = arrivalOffsets(WHILE_JOBS_RUN, 1_000, 3_000, random);
        const afterwards = arrivalOffsets(OPT_OUTS, 500, 1_000, random);

        (globalThis as { gc?: () => void }).gc?.();
        await dataSource.query('CHECKPOINT').catch(() => undefined);
        await sandbox.control.resetStats();
        await sandbox.memory({ resetPeak: true });
        const since = new Date();
        progress(NAME, `the day starts: link-contacts and activities queued, opt-outs every 1-3 s while they run`);
        const measured = await measure(async () => {
          const started = performance.now();
          const link = (await app.get(RunsService).requestRun('link-contacts', 'manual')).run;
          const imports = (await app.get(RunsService).requestRun('activities', 'manual')).run;
          let jobsStoppedAt: number | null = null;
          const watching = (async () => {
            for (;;) {
              const [linkRow, importRow] = await Promise.all([runs.get(link.id), runs.get(imports.id)]);
              if (STOPPED.has(linkRow!.status) && STOPPED.has(importRow!.status)) {
                jobsStoppedAt = performance.now() - started;
                const after = `${Math.round(jobsStoppedAt / 1000)} s`;
                progress(NAME, `jobs stopped after ${after}: link ${linkRow!.status}, activities ${importRow!.status}`);
                return;
              }
              await new Promise((resolve) => setTimeout(resolve, 500));
            }
          })();
          const jobsRunning = () => jobsStoppedAt === null;
          const toggles: Toggle[] = await sendOpenLoop(agent, targets.slice(0, WHILE_JOBS_RUN), whileRunning, jobsRunning);
          const sentWhileJobsRan = toggles.length;
          await watching;
          const rest = OPT_OUTS - sentWhileJobsRan;
          progress(NAME, `${sentWhileJobsRan} opt-outs arrived while the jobs ran; the other ${rest} now, every 0.5-1 s`);
          toggles.push(...(await sendOpenLoop(agent, targets.slice(sentWhileJobsRan), afterwards)));
          const pushes = await waitForOptOutPushes(
            dataSource,
            targets.map((target) => target.contactId),
            5 * 60_000,
          );
          const jobsStoppedAtMs = jobsStoppedAt as number | null;
          return { toggles, sentWhileJobsRan, jobsStoppedAtMs, pushes, linkId: link.id, importId: imports.id };
        });
        const stats = await sandbox.control.stats();
        const sandboxMemory = await sandbox.memory();
        const { toggles, sentWhileJobsRan, jobsStoppedAtMs, pushes } = measured.value;
        const latency = await optOutLatencies(sandbox, toggles);
        const [linkRun, importRun] = await Promise.all([runs.get(measured.value.linkId), runs.get(measured.value.importId)]);
        const usage: CtctBudgetUsageDto = (await agent.get('/api/ctct/budget')).body;
        const lanes = await callsByLane(dataSource, since);

        const linkPages = pagedCalls(CC_CONTACTS, 500);
        const importCalls = lanes.byJob.activities ?? 0;
        const reportPages = plannedReportPages(importRun);
        // The import wanted: the summaries, one description per campaign, and its planned report pages.
        const importWanted = reportPages === null ? null : pagedCalls(CAMPAIGNS, 500) + CAMPAIGNS + reportPages;
        const jobsWanted = importWanted === null ? null : linkPages + importWanted;
        return {
          apiCalls: stats.total,
          // What the day's work needed at least: the link's pages, the import's calls up to its stop (each a
          // description or a report page of ≤500 rows), 2 per delivered opt-out.
          lowerBound: linkPages + importCalls + CALLS_PER_OPT_OUT * pushes.delivered,
          wallMs: measured.wallMs,
          rows: (linkRun?.progress_done ?? 0) + (importRun?.progress_done ?? 0) + pushes.delivered,
          peakRssMb: measured.peakRssMb,
          extras: {
            scale: SCALE,
            quotaPerDay: PER_DAY,
            perSecond: PER_SECOND,
            ccContacts: CC_CONTACTS,
            campaigns: CAMPAIGNS,
            optOuts: OPT_OUTS,
            delivered: pushes.delivered,
            failed: pushes.failed,
            pending: pushes.pending,
            allDelivered: pushes.delivered === OPT_OUTS,
            unsubscribedInCc: latency.unsubscribed,
            p50Ms: latency.p50Ms,
            p95Ms: latency.p95Ms,
            maxMs: latency.maxMs,
            p95Under5s: latency.p95Ms !== null && latency.p95Ms < TARGET_P95_MS,
            arrivedWhileJobsRan: sentWhileJobsRan,
            arrivedAfterJobsStopped: OPT_OUTS - sentWhileJobsRan,
            jobsStoppedAtMs: jobsStoppedAtMs === null ? null : Math.round(jobsStoppedAtMs),
            callsByKind: Object.fromEntries(usage.byKind.map((row) => [row.kind, row.calls])),
            callsByJob: Object.fromEntries(usage.byJob.map((row) => [row.job, row.calls])),
            tokenCalls: usage.tokenCalls,
            budget: {
              usedToday: usage.budget.usedToday,
              runsRemainingToday: usage.budget.runsRemainingToday,
              pushReservePercent: usage.budget.pushReservePercent,
              quotaExhaustedUntil: usage.budget.quotaExhaustedUntil,
            },
            link: {
              status: linkRun?.status,
              calls: lanes.byJob['link-contacts'] ?? 0,
              pages: linkPages,
              contactsRead: linkRun?.progress_done,
            },
            import: {
              status: importRun?.status,
              reason: importRun?.status_reason,
              resumeAfter: importRun?.resume_after ? new Date(importRun.resume_after).toISOString() : null,
              calls: importCalls,
              wanted: importWanted,
              rows: importRun?.progress_done,
            },
            jobsWanted,
            jobsWantedShareOfQuota: jobsWanted === null ? null : roundFigure((jobsWanted * 100) / PER_DAY),
            linkWantedShareOfQuota: roundFigure((linkPages * 100) / PER_DAY),
            callsByLaneFromLog: lanes.byLane,
            throttled: stats.throttled,
            quotaExceededAnswers: stats.quotaExceeded,
            maxCallsInAnySecond: stats.maxInAnySecond,
            sandboxPeakRssMb: Math.round(sandboxMemory.peakRssMb),
            outcomes: pushes.outcomes,
          },
        };
      },
    );
  },
};
