// Issue 16: the contact record's Interactions timeline and engagement summary (GET /api/contacts/:id/interactions
// and /engagement, by a signed-in agent) while the interactions table grows: 500,000 rows (default), and with
// --large the same contacts measured again once the table holds 10,000,000. Rows are generated in SQL
// (generate_series, indexes rebuilt after the load, then VACUUM ANALYZE as autovacuum would leave an insert-only
// table), never through the app. The measured contacts are the same at every size, so only the table grows:
// - typical: 100 contacts with 20 Interactions each (a year of monthly campaigns: sends, some opens and clicks);
// - heavy: 20 contacts with 5,000 each (a shared inbox that gets and opens everything), where a deep page and the
//   summary have the most to read;
// the other rows belong to the other contacts (one in ten to no CRM contact: engagement of unlinked CC contacts).
// p95 over the contacts (each read once after one warm-up request overall, as records are opened one by one).
import type { InteractionDto, Page } from '@ctct/shared-types';
import type { DataSource } from 'typeorm';
import { withApi } from '../api-app';
import { percentile, ratio, roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { collectGarbage, measure } from '../measure';
import { withIndexesRebuilt } from './support/bulk-load';
import { CRM_CONTACT_TABLES, insertCrmContactsSql } from './support/crm-contacts';
import { BENCH_ADMIN_ENV, signedInAgent, type BenchAgent } from './support/push-bench';
import { explainSlowest, getOk, SLOW_READ_MS } from './support/read-latency';
import type { BenchScenario } from './scenario';

const TARGET_P95_MS = 50;
const TYPICAL = { contacts: 100, each: 20 };
const HEAVY = { contacts: 20, each: 5_000 };
/** The deep page of a heavy contact's timeline: the page after this many of its Interactions. */
const HEAVY_DEEP_AT = 2_500;
const INSERT_BATCH = 1_000_000;

type Reads = Record<'typicalTimeline' | 'typicalSummary' | 'heavyTimeline' | 'heavyDeepPage' | 'heavySummary', number>;

interface Stage {
  interactions: number;
  p95Ms: Reads;
  maxP95Ms: number;
  slow: string[];
}

/**
 * Interactions g = from … to − 1 in SQL. Row g < the sample's rows belongs to a measured contact (`ids[n]` is the
 * contact numbered n by created order); every other row to a contact past the sample, or to none (one in ten).
 */
async function insertInteractions(dataSource: DataSource, from: number, to: number): Promise<void> {
  const sampleRows = TYPICAL.contacts * TYPICAL.each + HEAVY.contacts * HEAVY.each;
  const sampleContacts = TYPICAL.contacts + HEAVY.contacts;
  await dataSource.query(
    `WITH pool AS (SELECT array_agg(id ORDER BY created_at, id) AS ids, count(*)::int AS n FROM contacts)
     INSERT INTO interactions (contact_id, ctct_contact_id, type, occurred_at, campaign_id, campaign_activity_id, campaign_name,
                               description, url, email_address, dedupe_key)
     SELECT CASE WHEN g < $3 THEN ids[(1 + CASE WHEN g < $4 THEN g / $5 ELSE $6 + (g - $4) / $7 END)::int]
                 WHEN g % 10 = 0 THEN NULL
                 ELSE ids[(1 + $8 + g % (n - $8))::int] END,
            md5('cc' || g % 2000003)::uuid, kind, occurred_at, md5('campaign' || campaign)::uuid, md5('activity' || campaign)::uuid,
            'Newsletter #' || campaign,
            CASE kind WHEN 'email_send' THEN 'Sent' WHEN 'email_open' THEN 'Opened' WHEN 'email_click' THEN 'Clicked a link in'
                      WHEN 'email_bounce' THEN 'Bounced:' WHEN 'email_forward' THEN 'Forwarded' ELSE 'Opted out via' END
              || ' "Newsletter #' || campaign || '"',
            CASE WHEN kind = 'email_click' THEN 'https://shop.example.com/offers?c=' || campaign END,
            'person' || g % 2000003 || '@example.com', 'bench:' || g
       FROM pool, generate_series($1::bigint, $2::bigint - 1) AS g,
            LATERAL (SELECT (g * 2654435761) % 1000 AS draw, 1 + (g * 40503) % 300 AS campaign) AS d,
            LATERAL (SELECT CASE WHEN draw < 600 THEN 'email_send' WHEN draw < 850 THEN 'email_open' WHEN draw < 930 THEN 'email_click'
                                 WHEN draw < 970 THEN 'email_bounce' WHEN draw < 990 THEN 'email_forward' ELSE 'email_optout' END AS kind,
                            timestamptz '2026-11-01' - make_interval(secs => ((g * 40503) % 94608000)::float8) AS occurred_at) AS k`,
    [from, to, sampleRows, TYPICAL.contacts * TYPICAL.each, TYPICAL.each, TYPICAL.contacts, HEAVY.each, sampleContacts],
  );
}

function interactionsScenario(name: string, contacts: number, sizes: number[], large: boolean): BenchScenario {
  return {
    name,
    large,
    description:
      `contact timeline + engagement summary p95 (typical and heavy contacts) with ` +
      `${sizes.map((size) => size.toLocaleString('en-US')).join(', then ')} Interactions in the table`,
    run: () =>
      withApi({ label: name.replace(/-/g, '_'), env: BENCH_ADMIN_ENV }, async ({ app, dataSource }): Promise<ScenarioFigures> => {
        progress(name, `inserting ${contacts} CRM contacts`);
        await withIndexesRebuilt(
          dataSource,
          CRM_CONTACT_TABLES,
          () => insertCrmContactsSql(dataSource, { count: contacts, spreadTimes: true }),
          name,
        );
        const ids: Array<{ id: string }> = await dataSource.query(
          `SELECT id FROM contacts ORDER BY created_at, id LIMIT ${TYPICAL.contacts + HEAVY.contacts}`,
        );
        const typical = ids.slice(0, TYPICAL.contacts).map((row) => row.id);
        const heavy = ids.slice(TYPICAL.contacts).map((row) => row.id);
        const agent = await signedInAgent(app);
        const stages: Stage[] = [];
        let inserted = 0;
        let wallMs = 0;
        let peakRssMb = 0;
        let insertMs = 0;
        for (const size of sizes) {
          const started = performance.now();
          await withIndexesRebuilt(
            dataSource,
            'interactions',
            async () => {
              for (let from = inserted; from < size; from += INSERT_BATCH) {
                const to = Math.min(size, from + INSERT_BATCH);
                progress(name, `inserting Interactions ${from}…${to - 1}`);
                await insertInteractions(dataSource, from, to);
              }
            },
            name,
          );
          insertMs += performance.now() - started;
          inserted = size;
          collectGarbage();
          progress(name, `reading timelines and summaries with ${size} Interactions`);
          const measured = await measure(() => measureStage(agent, dataSource, name, size, typical, heavy));
          stages.push(measured.value);
          wallMs += measured.wallMs;
          peakRssMb = Math.max(peakRssMb, measured.peakRssMb);
        }
        const first = stages[0];
        const last = stages[stages.length - 1];
        return {
          apiCalls: 0,
          lowerBound: 0,
          wallMs,
          rows: inserted,
          peakRssMb,
          growth: stages.length > 1 ? { maxP95: ratio(last.maxP95Ms, first.maxP95Ms) } : undefined,
          targets: { p95Under50Ms: last.maxP95Ms < TARGET_P95_MS },
          extras: { contacts, typical: TYPICAL, heavy: HEAVY, heavyDeepPageAt: HEAVY_DEEP_AT, setupMs: Math.round(insertMs), stages },
        };
      }),
  };
}

async function measureStage(
  agent: BenchAgent,
  dataSource: DataSource,
  name: string,
  size: number,
  typical: string[],
  heavy: string[],
): Promise<Stage> {
  const timeline = (id: string, cursor?: string) =>
    `/api/contacts/${id}/interactions${cursor ? `?${new URLSearchParams({ cursor }).toString()}` : ''}`;
  const summary = (id: string) => `/api/contacts/${id}/engagement`;
  // One request overall to warm the app's code paths; the contacts themselves are each read once.
  await getOk(agent, timeline(typical[0]));
  await getOk(agent, summary(typical[0]));
  const deepCursors: string[] = [];
  for (const id of heavy) {
    let cursor: string | undefined;
    for (let walked = 0; walked < HEAVY_DEEP_AT; walked += 200) {
      const page = await getOk<Page<InteractionDto>>(
        agent,
        `/api/contacts/${id}/interactions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      cursor = page.nextCursor ?? undefined;
    }
    deepCursors.push(cursor!);
  }
  const reads: Record<keyof Reads, string[]> = {
    typicalTimeline: typical.map((id) => timeline(id)),
    typicalSummary: typical.map(summary),
    // Timelines before summaries: the deep walk above already read the heavy contacts' first pages.
    heavyTimeline: heavy.map((id) => timeline(id)),
    heavyDeepPage: heavy.map((id, index) => timeline(id, deepCursors[index])),
    heavySummary: heavy.map(summary),
  };
  const p95Ms = {} as Reads;
  const slow: string[] = [];
  for (const [read, paths] of Object.entries(reads) as Array<[keyof Reads, string[]]>) {
    const times: number[] = [];
    for (const path of paths) {
      const started = performance.now();
      await getOk(agent, path);
      times.push(performance.now() - started);
    }
    p95Ms[read] = roundFigure(percentile(times, 95));
    if (p95Ms[read] > SLOW_READ_MS) {
      slow.push(read);
      await explainSlowest(dataSource, name, `${read} (${size} Interactions)`, () => getOk(agent, paths[paths.length - 1]));
    }
  }
  return { interactions: size, p95Ms, maxP95Ms: Math.max(...Object.values(p95Ms)), slow };
}

export const interactions500k = interactionsScenario('interactions-500k', 50_000, [500_000], false);
export const interactions10m = interactionsScenario('interactions-10m', 1_000_000, [500_000, 10_000_000], true);
