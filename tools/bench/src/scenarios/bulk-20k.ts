// Issue 6: the bulk "Create Constant Contact memberships" run on 20,000 selected CRM contacts, at CC's real
// 4 requests/s, with bulk activities that take 2 s to complete in CC (so the run really polls):
// - 10,000 new to CC (created by one JSON import straight into the list, their ids read back 500 a call);
// - 9,000 already in CC: 4,500 linked by a link-contacts run, 4,500 inserted after it (found by email, linked by
//   the run); both added by add_list_memberships, 500 a call;
// - 1,000 skipped: 250 without email, 250 invalid, 250 Do Not Email, 250 duplicates of a new contact's email.
// The target is an existing, synced, empty CC list. Measured: the preview (POST /api/bulk-memberships/preview)
// and the run (POST /api/bulk-memberships/runs, waited for), both over HTTP as the admin wizard sends them.
import { BULK_OUTCOMES, type BulkOutcome, type BulkPreviewDto } from '@ctct/shared-types';
import type { DataSource } from 'typeorm';
import { IMPORT_MAX_ROWS, MEMBERSHIP_BATCH, READ_BACK_PAGE } from '../../../../apps/api/src/modules/push';
import { CtctClient } from '../../../../apps/api/src/modules/ctct';
import { withConnectedApi } from '../api-app';
import type { ScenarioFigures } from '../figures';
import { progress } from '../log';
import { batchedCalls, CC_LIMITS } from '../lower-bound';
import { measure } from '../measure';
import { BenchCrmContact, benchCrmContacts, insertCrmContacts, normalizedEmail } from './support/crm-contacts';
import { BENCH_ADMIN_ENV, createCcList, signedInAgent, waitForRun } from './support/push-bench';
import { describeGroups, watchCcCalls, watchSql } from './support/query-timer';
import { quietSchedules, runSyncJob } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const NAME = 'bulk-20k';
const NEW_TO_CC = 10_000;
const IN_CC = 9_000;
/** Of IN_CC, linked by a link-contacts run before the bulk run; the rest are inserted after that run. */
const LINKED = 4_500;
/** Per skip kind: no email, invalid email, Do Not Email, duplicate email in the selection. */
const SKIP_EACH = 250;
const SELECTED = NEW_TO_CC + IN_CC + 4 * SKIP_EACH;
/** CC contacts not in the CRM (the link run reads them too). */
const CC_ONLY = 1_000;
/** How long a bulk activity takes in the sandbox before it completes (CC takes seconds for small ones). */
const ACTIVITY_DELAY_MS = 2_000;
const TARGET_LIST = 'Bench bulk 20k';
/** The operations the run uses to wait for its activities. */
const POLLING_OPERATIONS = ['getActivityStatusCollection', 'getActivity'];

interface CrmRow {
  email: string | null;
  firstName: string;
  lastName: string;
  doNotEmail?: boolean;
}

/** Inserts rows insertCrmContacts cannot express (no email, Do Not Email). */
async function insertRows(dataSource: DataSource, rows: CrmRow[]): Promise<void> {
  await dataSource.query(
    `INSERT INTO contacts (email, first_name, last_name, do_not_email, type)
     SELECT email, first_name, last_name, dne, 'lead' FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::boolean[]) AS t(email, first_name, last_name, dne)`,
    [
      rows.map((row) => row.email),
      rows.map((row) => row.firstName),
      rows.map((row) => row.lastName),
      rows.map((row) => row.doNotEmail ?? false),
    ],
  );
}

/** Invalid in four ways: no TLD, no @, two @, longer than CC's 80 characters. */
function invalidEmail(index: number): string {
  const local = `broken.${index}`;
  switch (index % 4) {
    case 0:
      return `${local}@example`;
    case 1:
      return `${local}.example.com`;
    case 2:
      return `${local}@@example.com`;
    default:
      return `${'x'.repeat(72)}.${local}@example.com`;
  }
}

export const bulk20k: BenchScenario = {
  name: NAME,
  description:
    'bulk memberships: preview + run for 20,000 selected contacts (10,000 new, 9,000 in CC, 1,000 skipped) into an existing list, at 4 requests/s',
  run: () => {
    const inCc = benchCrmContacts(IN_CC, 'incc');
    const fresh = benchCrmContacts(NEW_TO_CC, 'new');
    return withConnectedApi(
      {
        label: 'bulk_20k',
        env: BENCH_ADMIN_ENV,
        sandbox: {
          activityProcessingDelayMs: ACTIVITY_DELAY_MS,
          scenario: {
            seed: 6,
            contacts: IN_CC + CC_ONLY,
            lists: 3,
            matchEmails: inCc.map((contact) => normalizedEmail(contact.email)),
            matchRatio: 1,
            // Everyone in CC may be added: the skip reasons under test are the CRM's own.
            unsubscribedRate: 0,
            deletedRate: 0,
            campaigns: 0,
            extraCampaignKinds: false,
          },
        },
      },
      async (api): Promise<ScenarioFigures> => {
        const { app, dataSource, sandbox } = api;
        await quietSchedules(app);
        const listId = await createCcList(sandbox, TARGET_LIST);
        progress(NAME, `inserting ${LINKED} CRM contacts that CC knows, then lists + link-contacts (not measured)`);
        await insertCrmContacts(dataSource, inCc.slice(0, LINKED));
        await runSyncJob(app, 'lists');
        await runSyncJob(app, 'link-contacts');

        progress(NAME, `inserting the other ${SELECTED - LINKED} (in CC but not linked, new, to skip)`);
        await insertCrmContacts(dataSource, [...inCc.slice(LINKED), ...fresh]);
        const names = (index: number) => ({ firstName: 'Skip', lastName: `Row${index}` });
        await insertRows(dataSource, [
          ...Array.from({ length: SKIP_EACH }, (_, i) => ({ email: null, ...names(i) })),
          ...Array.from({ length: SKIP_EACH }, (_, i) => ({ email: invalidEmail(i), ...names(i) })),
          ...benchCrmContacts(SKIP_EACH, 'dne').map((contact: BenchCrmContact) => ({ ...contact, doNotEmail: true })),
        ]);
        // Later rows (a later created_at) with the emails of new contacts in another case: second in their email's rank.
        await insertRows(
          dataSource,
          fresh.slice(0, SKIP_EACH).map((contact) => ({ ...contact, email: ` ${contact.email.trim().toUpperCase()}` })),
        );
        await dataSource.query('ANALYZE contacts');
        const [{ selected }] = await dataSource.query(`SELECT count(*)::int AS selected FROM contacts WHERE deleted_at IS NULL`);

        const agent = await signedInAgent(app);
        // The wizard's "select all matching" sends the filter; every CRM contact here is selected.
        const body = { selection: { filter: {} }, target: { listId } };

        (globalThis as { gc?: () => void }).gc?.();
        await dataSource.query('CHECKPOINT').catch(() => undefined);
        await sandbox.control.resetStats();
        await sandbox.memory({ resetPeak: true });
        const sql = watchSql(dataSource);
        const cc = watchCcCalls(app.get(CtctClient));
        progress(NAME, `preview and run for ${selected} contacts`);
        let previewMs = 0;
        let runMs = 0;
        let preview: BulkPreviewDto | undefined;
        const measured = await measure(async () => {
          const previewStarted = performance.now();
          const previewResponse = await agent.post('/api/bulk-memberships/preview').send(body);
          previewMs = performance.now() - previewStarted;
          if (previewResponse.status !== 200)
            throw new Error(`preview: ${previewResponse.status} ${JSON.stringify(previewResponse.body).slice(0, 300)}`);
          preview = previewResponse.body;
          const runStarted = performance.now();
          const started = await agent.post('/api/bulk-memberships/runs').send(body);
          if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`);
          const run = await waitForRun(app, started.body.id);
          runMs = performance.now() - runStarted;
          return run;
        }).finally(() => {
          sql.stop();
          cc.stop();
        });
        const run = measured.value;
        const stats = await sandbox.control.stats();
        const sandboxMemory = await sandbox.memory();
        if (!preview) throw new Error('no preview');
        const previewCounts = preview.counts;

        const items: Array<{ outcome: BulkOutcome; state: string; count: number }> = await dataSource.query(
          `SELECT outcome, state, count(*)::int AS count FROM bulk_run_items WHERE run_id = $1 GROUP BY 1, 2`,
          [run.id],
        );
        const itemCount = (outcomes: BulkOutcome[], state: string) =>
          items.filter((item) => outcomes.includes(item.outcome) && item.state === state).reduce((sum, item) => sum + item.count, 0);
        const runCounts = Object.fromEntries(
          BULK_OUTCOMES.map((outcome) => [outcome, Number((run.counts as Record<string, number>)[outcome] ?? 0)]),
        ) as Record<BulkOutcome, number>;
        const mismatches = BULK_OUTCOMES.filter((outcome) => runCounts[outcome] !== previewCounts[outcome]);
        const creates = runCounts.create;
        const adds = runCounts.add_linked + runCounts.link_and_add;
        // The list exists (0 calls); one import request holds 10,000 rows (< 40,000 and well under 4 MB).
        const lowerBoundParts = {
          imports: batchedCalls(creates, Math.min(IMPORT_MAX_ROWS, CC_LIMITS.importRowsPerRequest)),
          addMemberships: batchedCalls(adds, Math.min(MEMBERSHIP_BATCH, CC_LIMITS.membershipContactsPerRequest)),
          readBackCreated: batchedCalls(creates, READ_BACK_PAGE),
        };
        const lowerBound = lowerBoundParts.imports + lowerBoundParts.addMemberships + lowerBoundParts.readBackCreated;
        const pollingCalls = POLLING_OPERATIONS.reduce((sum, operation) => sum + (stats.byOperation[operation] ?? 0), 0);
        const apiCallsExcludingPolling = stats.total - pollingCalls;
        const listMembers = (await sandbox.control.listMembers(listId)).length;

        // Selecting the same 20,000 one by one (the wizard's "selected rows" mode sends their ids): after the
        // measured phase, since a preview calls nothing in CC.
        const ids: Array<{ id: string }> = await dataSource.query(`SELECT id FROM contacts WHERE deleted_at IS NULL`);
        const byIds = await agent
          .post('/api/bulk-memberships/preview')
          .send({ selection: { contactIds: ids.map((row) => row.id) }, target: { listId } });

        return {
          apiCalls: stats.total,
          lowerBound,
          wallMs: measured.wallMs,
          rows: selected,
          peakRssMb: measured.peakRssMb,
          extras: {
            activityProcessingDelayMs: ACTIVITY_DELAY_MS,
            previewMs: Math.round(previewMs),
            previewEstimate: preview.apiCalls.estimate,
            previewBreakdown: preview.apiCalls.breakdown,
            runMs: Math.round(runMs),
            pollingCalls,
            apiCallsExcludingPolling,
            withinTenPercent: apiCallsExcludingPolling <= Math.floor(lowerBound * 1.1),
            lowerBoundParts,
            byOperation: stats.byOperation,
            throttled: stats.throttled,
            runApiCalls: Number(run.api_calls ?? 0),
            counts: runCounts,
            previewMatchesRun: mismatches.length === 0,
            ...(mismatches.length
              ? { previewCountsWhereDifferent: Object.fromEntries(mismatches.map((outcome) => [outcome, previewCounts[outcome]])) }
              : {}),
            created: itemCount(['create'], 'done'),
            added: itemCount(['add_linked', 'link_and_add'], 'done'),
            skipped: items.filter((item) => item.state === 'skipped').reduce((sum, item) => sum + item.count, 0),
            failed: items.filter((item) => item.state === 'failed').reduce((sum, item) => sum + item.count, 0),
            listMembers,
            expectedListMembers: NEW_TO_CC + IN_CC,
            previewByContactIdsStatus: byIds.status,
            ccMs: Math.round(cc.totalMs()),
            sqlMs: Math.round(sql.totalMs()),
            sql: describeGroups(sql.groups, 5),
            sandboxPeakRssMb: Math.round(sandboxMemory.peakRssMb),
          },
        };
      },
    );
  },
};
