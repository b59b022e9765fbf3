// Issue 16: the contacts list's text search, type filter and sort as the admin sends them (GET /api/contacts by a
// signed-in agent), at 50,000 contacts and — with --large — grown to 1,000,000 in the same database, so the line
// shows how each query's p95 grows with the table. Per case: the first page, and a deep page (the page after
// walking 10% of the table's size, or the last one when fewer match), 20 runs each after a warm-up. Contacts are
// bench CRM contacts (capitals and spaces in emails, 20 first × 16 last names, a job title on every third, times
// spread over five years), inserted by generate_series with the indexes rebuilt after, as a restore leaves them.
import type { ContactDto, Page } from '@ctct/shared-types';
import { withApi } from '../api-app';
import { ratio, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { collectGarbage, measure } from '../measure';
import { withIndexesRebuilt } from './support/bulk-load';
import { CRM_CONTACT_TABLES, crmContactsSqlAgrees, insertCrmContactsSql } from './support/crm-contacts';
import { BENCH_ADMIN_ENV, signedInAgent } from './support/push-bench';
import { explainSlowest, getOk, p95OfGets, SLOW_READ_MS } from './support/read-latency';
import type { BenchScenario } from './scenario';

const RUNS = 20;
const TARGET_P95_MS = 50;
/** Pages walked to reach the deep page are of the API's largest size. */
const WALK_PAGE = 200;

/** What the admin's list sends: text (name, email, job title), type, sort. Shares are of the bench contacts. */
const CASES: Array<{ name: string; query: Record<string, string> }> = [
  { name: 'all', query: {} },
  { name: 'allNewestFirst', query: { sort: '-updatedAt' } },
  { name: 'typeLead', query: { type: 'lead' } }, // 1 in 4
  { name: 'lastName', query: { q: 'garcia' } }, // 1 in 16
  { name: 'fullName', query: { q: 'ava smith' } }, // 1 in 320
  { name: 'emailPart', query: { q: 'crm4242' } }, // 11 at 50k, 111 at 1M
  { name: 'jobTitle', query: { q: 'engineer' } }, // 1 in 21
  { name: 'lastNameTypeByNameDesc', query: { q: 'nguyen', type: 'customer', sort: '-name' } }, // 1 in 64
  { name: 'noMatch', query: { q: 'zzqxj' } },
];

interface StageFigures {
  contacts: number;
  firstPageP95Ms: Record<string, number>;
  deepPageP95Ms: Record<string, number>;
  deepPageAtRow: Record<string, number>;
  maxFirstPageP95Ms: number;
  maxDeepPageP95Ms: number;
  slow: string[];
}

const path = (query: Record<string, string>) => `/api/contacts?${new URLSearchParams(query).toString()}`;

function searchScenario(name: string, sizes: number[], large: boolean): BenchScenario {
  const total = sizes[sizes.length - 1];
  return {
    name,
    large,
    description: `contacts list search (text, type, sort): p95 of the first and a deep page at ${sizes.map((size) => size.toLocaleString('en-US')).join(' and ')} contacts`,
    run: () =>
      withApi({ label: name.replace(/-/g, '_'), env: BENCH_ADMIN_ENV }, async ({ app, dataSource }): Promise<ScenarioFigures> => {
        const agent = await signedInAgent(app);
        const stages: StageFigures[] = [];
        let peakRssMb = 0;
        let wallMs = 0;
        let inserted = 0;
        for (const size of sizes) {
          progress(name, `inserting contacts ${inserted}…${size - 1}`);
          await withIndexesRebuilt(
            dataSource,
            CRM_CONTACT_TABLES,
            () => insertCrmContactsSql(dataSource, { from: inserted, count: size - inserted, spreadTimes: true, jobTitles: true }),
            name,
          );
          if (!(await crmContactsSqlAgrees(dataSource, 'crm', inserted, size - inserted)))
            throw new Error('the SQL contacts differ from benchCrmContact');
          inserted = size;
          collectGarbage();
          progress(name, `measuring ${CASES.length} searches at ${size} contacts`);
          const measured = await measure(() => measureStage(size));
          stages.push(measured.value);
          peakRssMb = Math.max(peakRssMb, measured.peakRssMb);
          wallMs += measured.wallMs;
        }
        const first = stages[0];
        const last = stages[stages.length - 1];
        return {
          apiCalls: 0,
          lowerBound: 0,
          wallMs,
          rows: total,
          peakRssMb,
          growth:
            stages.length > 1
              ? {
                  firstPageP95: ratio(last.maxFirstPageP95Ms, first.maxFirstPageP95Ms),
                  deepPageP95: ratio(last.maxDeepPageP95Ms, first.maxDeepPageP95Ms),
                }
              : undefined,
          targets: {
            firstPageP95Under50Ms: last.maxFirstPageP95Ms < TARGET_P95_MS,
            deepPageP95Under50Ms: last.maxDeepPageP95Ms < TARGET_P95_MS,
          },
          extras: { runsPerCase: RUNS, stages },
        };

        async function measureStage(size: number): Promise<StageFigures> {
          const figures: StageFigures = {
            contacts: size,
            firstPageP95Ms: {},
            deepPageP95Ms: {},
            deepPageAtRow: {},
            maxFirstPageP95Ms: 0,
            maxDeepPageP95Ms: 0,
            slow: [],
          };
          const deepRows = Math.floor(size / 10);
          for (const { name: caseName, query } of CASES) {
            figures.firstPageP95Ms[caseName] = await p95OfGets(agent, path(query), RUNS);
            // Walk towards the deep page with the largest pages the API allows; the deep page itself is a default (50) page.
            let cursor: string | undefined;
            let walked = 0;
            while (walked < deepRows) {
              const page = await getOk<Page<ContactDto>>(
                agent,
                path({ ...query, limit: String(WALK_PAGE), ...(cursor ? { cursor } : {}) }),
              );
              if (!page.nextCursor) break;
              walked += page.items.length;
              cursor = page.nextCursor;
            }
            figures.deepPageAtRow[caseName] = walked;
            const deepQuery = { ...query, ...(cursor ? { cursor } : {}) };
            figures.deepPageP95Ms[caseName] = await p95OfGets(agent, path(deepQuery), RUNS);
            for (const [which, ms, q] of [
              ['first', figures.firstPageP95Ms[caseName], query],
              ['deep', figures.deepPageP95Ms[caseName], deepQuery],
            ] as const) {
              if (ms <= SLOW_READ_MS) continue;
              figures.slow.push(`${caseName}.${which}`);
              await explainSlowest(dataSource, name, `${caseName} (${which} page, ${size} contacts)`, () => getOk(agent, path(q)));
            }
          }
          figures.maxFirstPageP95Ms = Math.max(...Object.values(figures.firstPageP95Ms));
          figures.maxDeepPageP95Ms = Math.max(...Object.values(figures.deepPageP95Ms));
          return figures;
        }
      }),
  };
}

export const search50k = searchScenario('search-50k', [50_000], false);
export const search1m = searchScenario('search-1m', [50_000, 1_000_000], true);
