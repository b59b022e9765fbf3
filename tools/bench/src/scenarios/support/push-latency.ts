// What the push-latency benches share (optout-latency, optout-burst-200, field-push-latency): linked CRM contacts,
// one change to each sent over HTTP by a signed-in admin at a pace (open-loop arrivals, or back to back), the API's
// own push worker delivering at CC's real 4 requests/s, and the latency read from the sandbox's own timestamp of
// the PUT (stamped in ms by the sandbox clock on this host) minus the moment the PATCH's response arrived: exact,
// no polling granularity, and the bench makes no CC calls of its own meanwhile.
import type { DataSource } from 'typeorm';
import { withConnectedApi, type ConnectedBenchApi } from '../../api-app';
import { roundFigure, type ScenarioFigures } from '../../figures';
import { progress } from '../../log';
import { benchCrmContacts, insertCrmContacts, normalizedEmail } from './crm-contacts';
import { percentile, seededRandom } from './latency';
import { BENCH_ADMIN_ENV, signedInAgent, type BenchAgent } from './push-bench';
import { quietSchedules, runSyncJob } from './sync-bench';

/** How the changes arrive. */
export interface Pace {
  label: string;
  /** Milliseconds from the first change to each change (open-loop: sent on time whether or not earlier ones answered). */
  offsets(count: number): number[];
  /** Instead: each change right after the previous one's answer. */
  backToBack?: boolean;
}

/**
 * The "normal conditions" pace: open-loop arrivals one every 500–1,000 ms (uniform, seeded; mean 750 ms, ~1.33/s),
 * the way people click through a list, below the ~1.9 pushes/s the API can deliver at 2 calls each and 4 requests/s.
 */
export const NORMAL_PACE: Pace = {
  label: 'open-loop arrivals, one every 500-1000 ms (uniform, seeded; mean 750 ms, ~1.33/s)',
  offsets(count) {
    const random = seededRandom(61);
    let at = 0;
    return Array.from({ length: count }, (_, index) => (index === 0 ? 0 : (at += 500 + Math.floor(random() * 500))));
  },
};

/** Back to back: each PATCH as soon as the previous one answered (a queue forms). */
export const BURST_PACE: Pace = {
  label: 'back to back (each PATCH right after the previous answer)',
  offsets: (count) => Array.from({ length: count }, () => 0),
  backToBack: true,
};

/** A linked CRM contact a bench changes. */
export interface LatencyTarget {
  id: string;
  ctctId: string;
}

/** One change as sent: when the PATCH left and when its answer arrived (ms, this host's clock). */
export interface SentChange {
  target: LatencyTarget;
  sentAt: number;
  respondedAt: number;
}

export interface LinkedBench extends ConnectedBenchApi {
  targets: LatencyTarget[];
  agent: BenchAgent;
  /** The sandbox clock's offset from this host's (its timestamps minus it are this host's time). */
  clockOffsetMs: number;
}

/**
 * An API connected to a sandbox child whose CC contacts include `count` bench CRM contacts (all subscribed, none
 * deleted), linked by a link-contacts run (not measured), with a signed-in admin agent. Job schedules are moved
 * out of the way and field pushes are off (quietSchedules): a scenario that measures them turns them on itself.
 */
export function withLinkedBenchContacts(
  options: { name: string; count: number; prefix: string; seed: number },
  work: (bench: LinkedBench) => Promise<ScenarioFigures>,
): Promise<ScenarioFigures> {
  const crm = benchCrmContacts(options.count, options.prefix);
  return withConnectedApi(
    {
      label: options.name.replace(/-/g, '_'),
      env: BENCH_ADMIN_ENV,
      sandbox: {
        scenario: {
          seed: options.seed,
          contacts: 1_000,
          lists: 3,
          matchEmails: crm.map((contact) => normalizedEmail(contact.email)),
          matchRatio: 1,
          // Every changed contact must be live and subscribed in CC, so each push is a real GET + PUT.
          unsubscribedRate: 0,
          deletedRate: 0,
          campaigns: 0,
          extraCampaignKinds: false,
        },
      },
    },
    async (api) => {
      await quietSchedules(api.app);
      await insertCrmContacts(api.dataSource, crm);
      progress(options.name, 'linking the contacts (link-contacts, not measured)');
      await runSyncJob(api.app, 'link-contacts');
      const rows: Array<{ id: string; ctct_contact_id: string }> = await api.dataSource.query(
        `SELECT id, ctct_contact_id FROM contacts WHERE ctct_contact_id IS NOT NULL AND deleted_at IS NULL ORDER BY email_normalized`,
      );
      if (rows.length !== options.count) throw new Error(`expected ${options.count} linked contacts, found ${rows.length}`);
      const { offsetMs } = await api.sandbox.control.clock();
      const agent = await signedInAgent(api.app);
      return work({ ...api, targets: rows.map((row) => ({ id: row.id, ctctId: row.ctct_contact_id })), agent, clockOffsetMs: offsetMs });
    },
  );
}

/** Sends `change(target, index)` for every target at `pace`; each must answer 200. Resolves when all have answered. */
export async function sendAtPace(
  targets: readonly LatencyTarget[],
  pace: Pace,
  change: (target: LatencyTarget, index: number) => Promise<{ status: number; body: unknown }>,
): Promise<SentChange[]> {
  const offsets = pace.offsets(targets.length);
  const sent: SentChange[] = [];
  const start = performance.now();
  const answers: Promise<void>[] = [];
  for (const [index, target] of targets.entries()) {
    const wait = start + offsets[index] - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const answer = (async () => {
      const sentAt = Date.now();
      const response = await change(target, index);
      if (response.status !== 200) throw new Error(`PATCH ${target.id}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      sent.push({ target, sentAt, respondedAt: Date.now() });
    })();
    answer.catch(() => undefined); // handled: Promise.all below (or the await) rethrows it
    if (pace.backToBack) await answer;
    else answers.push(answer);
  }
  await Promise.all(answers);
  return sent;
}

/** How long to wait for the last push once the last change was sent (a burst needs ~110 s at 4 requests/s). */
const DRAIN_TIMEOUT_MS = 5 * 60_000;

/** Waits until `expected` pushes of `kind` are delivered or failed; their outcomes as `{ "status: outcome": count }`. */
export async function waitForPushes(
  dataSource: DataSource,
  kind: 'opt_out' | 'update',
  expected: number,
): Promise<{ delivered: number; failed: number; outcomes: Record<string, number> }> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const rows: Array<{ status: string; outcome: string | null; count: number }> = await dataSource.query(
      `SELECT status, coalesce(outcome, last_error) AS outcome, count(*)::int AS count FROM ctct_outbox WHERE kind = $1 GROUP BY 1, 2`,
      [kind],
    );
    const sum = (status: string) => rows.filter((row) => row.status === status).reduce((total, row) => total + row.count, 0);
    if (sum('delivered') + sum('failed') >= expected || Date.now() > deadline) {
      const outcomes = Object.fromEntries(rows.map((row) => [`${row.status}: ${row.outcome ?? '-'}`, row.count]));
      return { delivered: sum('delivered'), failed: sum('failed'), outcomes };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The latency figures every push-latency line carries (ms), from the latencies and the changes as sent. */
export function latencyFigures(latencies: readonly number[], sent: readonly SentChange[], targetP95Ms: number): Record<string, unknown> {
  if (latencies.length === 0) throw new Error('no change reached the sandbox');
  const firstSent = Math.min(...sent.map((change) => change.sentAt));
  const lastSent = Math.max(...sent.map((change) => change.sentAt));
  const patchMs = sent.map((change) => change.respondedAt - change.sentAt);
  const p95Ms = percentile(latencies, 95);
  return {
    arrivalsPerSec: roundFigure(((sent.length - 1) * 1000) / Math.max(1, lastSent - firstSent)),
    sendingMs: lastSent - firstSent,
    p50Ms: percentile(latencies, 50),
    p95Ms,
    maxMs: Math.max(...latencies),
    minMs: Math.min(...latencies),
    [`p95Under${targetP95Ms / 1000}s`]: p95Ms < targetP95Ms,
    patchP50Ms: percentile(patchMs, 50),
    patchMaxMs: Math.max(...patchMs),
  };
}
