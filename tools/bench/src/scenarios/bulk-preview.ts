// Issue 16: the bulk wizard's preview (POST /api/bulk-memberships/preview by a signed-in agent, as the admin sends
// it) on the largest selection the API takes, 100,000 CRM contacts, into an existing, synced CC list: counts per
// outcome, samples and the API-call estimate, computed from the CRM and the CC mirror without calling CC. The CRM
// (the bench CRM contacts: a quarter of each type, 2% Do Not Email, 500 without email, 500 duplicate emails) and an
// 80,000-contact CC account (60,000 of them CRM emails, 3 lists) are linked first by lists + link-contacts runs at
// a raised rate (setup). Measured: a 25,000-contact selection (type lead) and the whole 100,000, by filter and by
// 100,000 contact ids; median of 5 after a warm-up, each run measured alone from a collected heap (time and the
// bench process's peak RSS). Growth: time per contact at 100,000 over that at 25,000.
import type { BulkPreviewDto } from '@ctct/shared-types';
import { MAX_SELECTION } from '../../../../apps/api/src/modules/push';
import { withConnectedApi } from '../api-app';
import { median, ratio, roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { collectGarbage, measure } from '../measure';
import { currentRssMb } from '../process-memory';
import { withIndexesRebuilt } from './support/bulk-load';
import { benchCrmContact, CRM_CONTACT_TABLES, insertCrmContactsSql, normalizedEmail } from './support/crm-contacts';
import { BENCH_ADMIN_ENV, createCcList, signedInAgent, type BenchAgent } from './support/push-bench';
import { quietSchedules, runSyncJob, withRaisedRate } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const NAME = 'bulk-preview-100k';
const SELECTED = 100_000;
const NO_EMAIL = 500;
const DUPLICATES = 500;
const IN_CC = 60_000;
const CC_ONLY = 20_000;
const RUNS = 5;
const TARGET_MS = 3_000;

interface PreviewFigures {
  selected: number;
  medianMs: number;
  maxMs: number;
  /** The highest peak RSS of the bench process over the runs, each from a collected heap. */
  peakRssMb: number;
  counts: BulkPreviewDto['counts'];
  estimate: number;
}

async function preview(agent: BenchAgent, body: object): Promise<BulkPreviewDto> {
  const response = await agent.post('/api/bulk-memberships/preview').send(body);
  if (response.status !== 200) throw new Error(`preview: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  return response.body as BulkPreviewDto;
}

export const bulkPreview100k: BenchScenario = {
  name: NAME,
  description: 'bulk wizard preview on 25,000 and 100,000 selected contacts (by filter and by ids): time, peak RSS',
  run: () => {
    const inCc = Array.from({ length: IN_CC }, (_, index) => normalizedEmail(benchCrmContact(index, 'bulk').email));
    return withConnectedApi(
      {
        label: 'bulk_preview_100k',
        env: BENCH_ADMIN_ENV,
        sandbox: {
          scenario: {
            seed: 16,
            contacts: IN_CC + CC_ONLY,
            lists: 3,
            matchEmails: inCc,
            matchRatio: 1,
            campaigns: 0,
            extraCampaignKinds: false,
          },
        },
      },
      async (api): Promise<ScenarioFigures> => {
        inCc.length = 0;
        const { app, dataSource, sandbox } = api;
        if (SELECTED > MAX_SELECTION) throw new Error(`the API takes at most ${MAX_SELECTION} contacts`);
        await quietSchedules(app);
        const bench = SELECTED - NO_EMAIL - DUPLICATES;
        progress(NAME, `inserting ${SELECTED} CRM contacts`);
        await withIndexesRebuilt(
          dataSource,
          CRM_CONTACT_TABLES,
          async () => {
            await insertCrmContactsSql(dataSource, { count: bench, prefix: 'bulk', spreadTimes: true });
            await dataSource.query(
              `INSERT INTO contacts (email, first_name, last_name, type)
             SELECT NULL, 'No', 'Email' || i, 'lead' FROM generate_series(1, $1) AS i
             UNION ALL
             (SELECT upper(email), first_name, last_name, type FROM contacts WHERE email IS NOT NULL ORDER BY email LIMIT $2)`,
              [NO_EMAIL, DUPLICATES],
            );
            await dataSource.query(`UPDATE contacts SET do_not_email = true WHERE abs(hashtext(id::text)) % 50 = 0`);
          },
          NAME,
        );
        const listId = await createCcList(sandbox, 'Bench preview 100k');
        progress(NAME, 'lists + link-contacts at a raised rate (setup)');
        await withRaisedRate(api, 1_000, async () => {
          await runSyncJob(app, 'lists');
          await runSyncJob(app, 'link-contacts');
        });
        const agent = await signedInAgent(app);
        const ids: Array<{ id: string }> = await dataSource.query(`SELECT id FROM contacts WHERE deleted_at IS NULL`);
        const selections = [
          { name: 'lead', body: { selection: { filter: { type: 'lead' } }, target: { listId } } },
          { name: 'allByFilter', body: { selection: { filter: {} }, target: { listId } } },
          { name: 'allByIds', body: { selection: { contactIds: ids.map((row) => row.id) }, target: { listId } } },
        ];
        ids.length = 0;

        progress(NAME, `previewing ${selections.map((selection) => selection.name).join(', ')}`);
        // Each preview measured on its own, from a collected heap: the target is one preview's time and memory.
        const results: Record<string, PreviewFigures> = {};
        let rssBeforeMb = 0;
        let wallMs = 0;
        for (const { name, body } of selections) {
          const warm = await preview(agent, body);
          const runs: Array<{ wallMs: number; peakRssMb: number }> = [];
          for (let run = 0; run < RUNS; run++) {
            collectGarbage();
            rssBeforeMb = Math.max(rssBeforeMb, currentRssMb());
            const measured = await measure(() => preview(agent, body));
            runs.push(measured);
            wallMs += measured.wallMs;
          }
          results[name] = {
            selected: warm.total,
            medianMs: roundFigure(median(runs.map((run) => run.wallMs))),
            maxMs: roundFigure(Math.max(...runs.map((run) => run.wallMs))),
            peakRssMb: Math.round(Math.max(...runs.map((run) => run.peakRssMb))),
            counts: warm.counts,
            estimate: warm.apiCalls.estimate,
          };
        }
        const full = [results.allByFilter, results.allByIds];
        const perContact = (result: { medianMs: number; selected: number }) => result.medianMs / result.selected;
        return {
          apiCalls: 0,
          lowerBound: 0,
          wallMs,
          rows: results.allByFilter.selected,
          peakRssMb: Math.max(...Object.values(results).map((result) => result.peakRssMb)),
          growth: { msPerContact: ratio(perContact(results.allByFilter), perContact(results.lead)) },
          targets: {
            previewUnder3s: full.every((result) => result.maxMs < TARGET_MS),
            peakRssUnder400Mb: full.every((result) => result.peakRssMb < 400),
          },
          extras: { runs: RUNS, rssBeforeMb: Math.round(rssBeforeMb), previews: results },
        };
      },
    );
  },
};
