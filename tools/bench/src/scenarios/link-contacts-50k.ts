// Issue 5: the link-contacts job on 50,000 CRM contacts against 50,000 CC contacts (40,000 shared emails, which
// the CRM stores with capitals and stray spaces and CC with another case), at CC's real 4 requests/s.
// - link-full-50k: the first run (full mode: every CC contact, deleted ones included, 500 a call);
// - link-incremental-50k: the same installation after that full run, once 500 CC contacts changed (10 of them
//   opted out): the next run must fetch only the changes (updated_after = last run's start − 10 min).
// Each runs the job as "Sync now" does and waits for the run; the sandbox's counters are reset just before.
import { CONTACTS_PAGE_SIZE } from '../../../../apps/api/src/modules/sync';
import { ConnectedBenchApi, withConnectedApi } from '../api-app';
import type { ScenarioFigures } from '../figures';
import { progress } from '../log';
import { CC_LIMITS, pagedCalls } from '../lower-bound';
import type { SandboxProcessOptions } from '../sandbox-client';
import { benchCrmContacts, insertCrmContacts, normalizedEmail } from './support/crm-contacts';
import { callBound, pageFigures } from './support/page-figures';
import { describeGroups } from './support/query-timer';
import { MeasuredSyncRun, eachPage, measureSyncJob, quietSchedules, runCount, runSyncJob, withDirectV3 } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const CRM_CONTACTS = 50_000;
const SHARED_EMAILS = 40_000;
const CC_CONTACTS = 50_000;
const CHANGED = 500;
/** Every OPT_OUT_EVERY-th changed contact opts out (PUT with permission unsubscribed) instead of being renamed. */
const OPT_OUT_EVERY = 50;

/** The CRM side: 50,000 contacts; the first 40,000 emails also exist in CC. */
const crmContacts = () => benchCrmContacts(CRM_CONTACTS);

/**
 * The CC side: 50,000 contacts, the first 40,000 carrying the shared emails (matchRatio 1: every one of them),
 * 10,000 CC-only; the sandbox's default 3% unsubscribed and 2% deleted; no campaigns.
 */
export function sandboxOptions(): SandboxProcessOptions {
  const shared = crmContacts()
    .slice(0, SHARED_EMAILS)
    .map((contact) => normalizedEmail(contact.email));
  return { scenario: { seed: 5, contacts: CC_CONTACTS, matchEmails: shared, matchRatio: 1, campaigns: 0, extraCampaignKinds: false } };
}

export async function prepare(api: ConnectedBenchApi, label: string): Promise<void> {
  await quietSchedules(api.app);
  progress(label, `inserting ${CRM_CONTACTS} CRM contacts`);
  await insertCrmContacts(api.dataSource, crmContacts());
}

/** The figures every link run reports. */
export async function linkExtras({ dataSource }: ConnectedBenchApi, measured: MeasuredSyncRun): Promise<Record<string, unknown>> {
  const { run } = measured;
  // Shared emails whose CC contact is deleted: not linked, and in none of the run's counts (planLinks skips them).
  const [{ deleted_unlinked }] = await dataSource.query(
    `SELECT count(*)::int AS deleted_unlinked FROM ctct_contacts m
       JOIN contacts c ON c.email_normalized = m.email_normalized AND c.deleted_at IS NULL
      WHERE m.cc_deleted_at IS NOT NULL AND c.ctct_contact_id IS NULL`,
  );
  return {
    mode: run.mode,
    returned: run.progress_done,
    linked: runCount(run, 'linked'),
    skipped: runCount(run, 'skipped'),
    unmatched: runCount(run, 'unmatched'),
    optOuts: runCount(run, 'optOuts'),
    ctctDeleted: runCount(run, 'ctctDeleted'),
    sharedButDeletedInCc: deleted_unlinked,
    runApiCalls: Number(run.api_calls ?? 0),
    throttled: measured.throttled,
    ccMs: Math.round(measured.cc.totalMs()),
    sqlMs: Math.round(measured.sql.totalMs()),
    sql: describeGroups(measured.sql.groups, 6),
    rssBeforeMb: Math.round(measured.rssBeforeMb),
    peakHeapUsedMb: Math.round(measured.peakHeapUsedMb),
    sandboxPeakRssMb: Math.round(measured.sandboxPeakRssMb),
  };
}

/**
 * Issue 16's figures of a full link run: per-page SQL growth (the listing's pages; the match phase after it in
 * steps), wall time against the calls at 4/s, peak RSS.
 * Measured at 4/s unless `measuredPerSecond` says it was raised (the wall time is then projected to 4/s).
 */
export function linkGrowth(
  { config }: ConnectedBenchApi,
  measured: MeasuredSyncRun,
  measuredPerSecond: number = CC_LIMITS.requestsPerSecond,
): Pick<ScenarioFigures, 'growth' | 'targets'> & { extras: Record<string, unknown> } {
  const { figures, growth } = pageFigures(measured.pages);
  const match = pageFigures(measured.steps);
  const bound = callBound(
    measured.apiCalls,
    measured.wallMs,
    measured.pages,
    config.CTCT_RATE_MARGIN_MS,
    measuredPerSecond,
    measured.steps,
  );
  const sum = (values: number[]) => Math.round(values.reduce((total, value) => total + value, 0));
  return {
    growth: {
      sqlGrowth: growth.sqlGrowth,
      workGrowth: growth.workGrowth,
      matchStepSqlGrowth: match.growth.sqlGrowth,
      wallVsCallsAt4PerSec: bound.wallVsCallsAt4PerSec,
    },
    targets: {
      sqlGrowthAtMost1_5: growth.sqlGrowth !== null && growth.sqlGrowth <= 1.5,
      wallWithin5PctOfCallsAt4PerSec: bound.wallVsCallsAt4PerSec !== null && bound.wallVsCallsAt4PerSec <= 1.05,
      peakRssUnder400Mb: measured.peakRssMb < 400,
    },
    extras: {
      measuredPerSecond,
      perPage: figures,
      // After the listing the job matches in PostgreSQL, 2,000 email keys a step (no CC call): wall and SQL time.
      matchPhase: {
        ...match.figures,
        wallMs: sum(measured.steps.map((step) => step.workMs)),
        sqlMs: sum(measured.steps.map((step) => step.sqlMs)),
        sql: describeGroups(measured.stepGroups, 6),
      },
      ...bound,
      completionSqlMs: Math.round(measured.outsideSqlMs),
    },
  };
}

export const linkFull50k: BenchScenario = {
  name: 'link-full-50k',
  description: 'first (full) link-contacts run: 50,000 CRM contacts vs 50,000 CC contacts, 40,000 shared emails, at 4 requests/s',
  run: () =>
    withConnectedApi({ label: 'link_full_50k', sandbox: sandboxOptions() }, async (api): Promise<ScenarioFigures> => {
      await prepare(api, 'link-full-50k');
      progress('link-full-50k', 'running link-contacts (full)');
      const measured = await measureSyncJob(api, 'link-contacts', { pageOperations: ['getContacts'] });
      const { growth, targets, extras } = linkGrowth(api, measured);
      return {
        apiCalls: measured.apiCalls,
        // status=all lists deleted contacts too: every one of the 50,000 comes back, 500 a call.
        lowerBound: pagedCalls(CC_CONTACTS, CONTACTS_PAGE_SIZE),
        wallMs: measured.wallMs,
        rows: measured.run.progress_done,
        peakRssMb: measured.peakRssMb,
        growth,
        targets,
        extras: { ...(await linkExtras(api, measured)), ...extras },
      };
    }),
};

interface ContactsPage {
  contacts: Array<{ contact_id: string; first_name?: string; last_name?: string; email_address?: { address?: string } }>;
  _links?: { next?: { href?: string } };
}

export const linkIncremental50k: BenchScenario = {
  name: 'link-incremental-50k',
  description: 'link-contacts after the full run once 500 of the 50,000 CC contacts changed: incremental mode, at 4 requests/s',
  run: () =>
    withConnectedApi({ label: 'link_incr_50k', sandbox: sandboxOptions() }, async (api): Promise<ScenarioFigures> => {
      await prepare(api, 'link-incremental-50k');
      progress('link-incremental-50k', 'running the first (full) link-contacts run (not measured)');
      await runSyncJob(api.app, 'link-contacts');
      // Changes stamped by the sandbox's clock (real time: no offset) after the full run started, hence inside
      // the next run's updated_after window.
      const changed = await withDirectV3(api.sandbox, async (v3) => {
        const picked: ContactsPage['contacts'] = [];
        await eachPage<ContactsPage>(v3, `/contacts?status=active&limit=${CHANGED}`, (page) => {
          picked.push(...page.contacts.slice(0, CHANGED - picked.length));
          return picked.length < CHANGED;
        });
        progress('link-incremental-50k', `changing ${picked.length} CC contacts (${Math.ceil(picked.length / OPT_OUT_EVERY)} opt-outs)`);
        for (const [index, contact] of picked.entries()) {
          const optOut = index % OPT_OUT_EVERY === 0;
          await v3.put(`/contacts/${contact.contact_id}`, {
            email_address: {
              address: contact.email_address?.address,
              ...(optOut ? { permission_to_send: 'unsubscribed', opt_out_reason: 'Too many emails' } : {}),
            },
            first_name: optOut ? contact.first_name : `${contact.first_name ?? 'Renamed'} B.`,
            last_name: contact.last_name,
            update_source: 'Account',
          });
        }
        return picked.length;
      });
      progress('link-incremental-50k', 'running link-contacts again (incremental)');
      const measured = await measureSyncJob(api, 'link-contacts');
      if (measured.run.mode !== 'incremental') progress('link-incremental-50k', `the run chose ${measured.run.mode} mode, not incremental`);
      const returned = measured.run.progress_done;
      return {
        apiCalls: measured.apiCalls,
        // The changed contacts, 500 a call (plus whatever else CC legitimately returns for the overlap: `returned`).
        lowerBound: pagedCalls(Math.max(changed, returned), CONTACTS_PAGE_SIZE),
        wallMs: measured.wallMs,
        rows: returned,
        peakRssMb: measured.peakRssMb,
        extras: { changed, ...(await linkExtras(api, measured)) },
      };
    }),
};
