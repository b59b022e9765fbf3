// Issue 6: how long a Do Not Email set in the CRM takes to reach CC (unsubscribed there), at CC's real
// 4 requests/s, with the API's own push worker (woken by NOTIFY, PUSH_POLL_MS as the fallback).
// 200 linked contacts are toggled through PATCH /api/contacts/:id {doNotEmail: true} by a signed-in admin agent.
// Each opt-out costs 2 CC calls (GET the contact, PUT it back with only the permission changed), so the API can
// deliver at most ~1.9 a second (a slot every 250 ms + the 15 ms margin); faster arrivals queue.
// - optout-latency: the headline, "normal conditions": the toggles arrive open-loop one every 500–1,000 ms
//   (mean 750 ms, ~1.33/s, seeded), the way people click through a list;
// - optout-burst-200: the 200 toggles sent back to back (a few seconds): a queue forms and the figures show it.
// Latency = the sandbox's own time of the PUT (the contact's email_address.opt_out_date, stamped in ms by the
// sandbox clock on this host) − the moment the PATCH's response arrived: exact, no polling granularity.
import type { DataSource } from 'typeorm';
import { withConnectedApi } from '../api-app';
import { roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { measure } from '../measure';
import { benchCrmContacts, insertCrmContacts, normalizedEmail } from './support/crm-contacts';
import { percentile, seededRandom } from './support/latency';
import { BENCH_ADMIN_ENV, signedInAgent } from './support/push-bench';
import { quietSchedules, runSyncJob } from './support/sync-bench';
import type { BenchScenario } from './scenario';

const TOGGLES = 200;
/** CC calls per opt-out: GET /contacts/{id}, PUT /contacts/{id}. */
const CALLS_PER_OPT_OUT = 2;
const TARGET_P95_MS = 5_000;
/** How long to wait for the last opt-out once the last toggle was sent (a burst needs ~110 s at 4 requests/s). */
const DRAIN_TIMEOUT_MS = 5 * 60_000;

interface Pace {
  label: string;
  /** Milliseconds from the first toggle to each toggle (open-loop: sent on time whether or not earlier ones answered). */
  offsets(): number[];
  /** Instead: each toggle right after the previous one's answer. */
  backToBack?: boolean;
}

const NORMAL_PACE: Pace = {
  label: 'open-loop arrivals, one every 500-1000 ms (uniform, seeded; mean 750 ms, ~1.33/s)',
  offsets() {
    const random = seededRandom(61);
    let at = 0;
    return Array.from({ length: TOGGLES }, (_, index) => (index === 0 ? 0 : (at += 500 + Math.floor(random() * 500))));
  },
};

/** Back to back: each PATCH as soon as the previous one answered. */
const BURST_PACE: Pace = { label: 'back to back (each PATCH right after the previous answer)', offsets: () => Array.from({ length: TOGGLES }, () => 0), backToBack: true };

interface Toggle {
  contactId: string;
  ctctId: string;
  sentAt: number;
  respondedAt: number;
}

/** Waits until `expected` opt-out pushes are delivered or failed; their outcomes as `{ "status: outcome": count }`. */
async function waitForDeliveries(dataSource: DataSource, expected: number): Promise<{ delivered: number; failed: number; outcomes: Record<string, number> }> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const rows: Array<{ status: string; outcome: string | null; count: number }> = await dataSource.query(
      `SELECT status, outcome, count(*)::int AS count FROM ctct_outbox WHERE kind = 'opt_out' GROUP BY 1, 2`,
    );
    const sum = (status: string) => rows.filter((row) => row.status === status).reduce((total, row) => total + row.count, 0);
    if (sum('delivered') + sum('failed') >= expected || Date.now() > deadline) {
      const outcomes = Object.fromEntries(rows.map((row) => [`${row.status}: ${row.outcome ?? '-'}`, row.count]));
      return { delivered: sum('delivered'), failed: sum('failed'), outcomes };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function optOutScenario(name: string, description: string, pace: Pace): BenchScenario {
  return {
    name,
    description,
    run: () => {
      const crm = benchCrmContacts(TOGGLES, 'optout');
      return withConnectedApi(
        {
          label: name.replace(/-/g, '_'),
          env: BENCH_ADMIN_ENV,
          sandbox: {
            scenario: {
              seed: 62,
              contacts: 1_000,
              lists: 3,
              matchEmails: crm.map((contact) => normalizedEmail(contact.email)),
              matchRatio: 1,
              // Every toggled contact must be subscribed in CC, so each opt-out is a real GET + PUT.
              unsubscribedRate: 0,
              deletedRate: 0,
              campaigns: 0,
              extraCampaignKinds: false,
            },
          },
        },
        async ({ app, dataSource, sandbox }): Promise<ScenarioFigures> => {
          await quietSchedules(app);
          await insertCrmContacts(dataSource, crm);
          progress(name, 'linking the contacts (link-contacts, not measured)');
          await runSyncJob(app, 'link-contacts');
          const targets: Array<{ id: string; ctct_contact_id: string }> = await dataSource.query(
            `SELECT id, ctct_contact_id FROM contacts WHERE ctct_contact_id IS NOT NULL AND deleted_at IS NULL ORDER BY email_normalized`,
          );
          if (targets.length !== TOGGLES) throw new Error(`expected ${TOGGLES} linked contacts, found ${targets.length}`);
          const agent = await signedInAgent(app);
          const { offsetMs } = await sandbox.control.clock();
          const offsets = pace.offsets();

          (globalThis as { gc?: () => void }).gc?.();
          await sandbox.control.resetStats();
          progress(name, `${TOGGLES} Do Not Email toggles, ${pace.label}`);
          const toggles: Toggle[] = [];
          const measured = await measure(async () => {
            const start = performance.now();
            const patches: Promise<void>[] = [];
            for (const [index, target] of targets.entries()) {
              const wait = start + offsets[index] - performance.now();
              if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
              const patch = (async () => {
                const sentAt = Date.now();
                const response = await agent.patch(`/api/contacts/${target.id}`).send({ doNotEmail: true });
                if (response.status !== 200) throw new Error(`PATCH ${target.id}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
                toggles.push({ contactId: target.id, ctctId: target.ctct_contact_id, sentAt, respondedAt: Date.now() });
              })();
              patch.catch(() => undefined); // handled: Promise.all below (or the await) rethrows it
              if (pace.backToBack) await patch;
              else patches.push(patch);
            }
            await Promise.all(patches);
            return waitForDeliveries(dataSource, TOGGLES);
          });
          const stats = await sandbox.control.stats();

          const latencies: number[] = [];
          let unsubscribed = 0;
          for (const toggle of toggles) {
            const contact = await sandbox.control.getContact(toggle.ctctId);
            const email = contact?.email_address as { permission_to_send?: string; opt_out_date?: string } | undefined;
            if (email?.permission_to_send !== 'unsubscribed' || !email.opt_out_date) continue;
            unsubscribed++;
            latencies.push(Date.parse(email.opt_out_date) - offsetMs - toggle.respondedAt);
          }
          if (latencies.length === 0) throw new Error('no contact was unsubscribed in CC');
          const firstSent = Math.min(...toggles.map((toggle) => toggle.sentAt));
          const lastSent = Math.max(...toggles.map((toggle) => toggle.sentAt));
          const patchMs = toggles.map((toggle) => toggle.respondedAt - toggle.sentAt);
          const p95Ms = percentile(latencies, 95);
          return {
            apiCalls: stats.total,
            lowerBound: CALLS_PER_OPT_OUT * TOGGLES,
            wallMs: measured.wallMs,
            rows: TOGGLES,
            peakRssMb: measured.peakRssMb,
            extras: {
              pace: pace.label,
              arrivalsPerSec: roundFigure(((toggles.length - 1) * 1000) / Math.max(1, lastSent - firstSent)),
              sendingMs: lastSent - firstSent,
              p50Ms: percentile(latencies, 50),
              p95Ms,
              maxMs: Math.max(...latencies),
              minMs: Math.min(...latencies),
              p95Under5s: p95Ms < TARGET_P95_MS,
              unsubscribedInCc: unsubscribed,
              delivered: measured.value.delivered,
              failed: measured.value.failed,
              outcomes: measured.value.outcomes,
              patchP50Ms: percentile(patchMs, 50),
              patchMaxMs: Math.max(...patchMs),
              byOperation: stats.byOperation,
              throttled: stats.throttled,
              maxCallsInAnySecond: stats.maxInAnySecond,
              latencyFrom: 'PATCH response -> sandbox opt_out_date of the PUT',
            },
          };
        },
      );
    },
  };
}

export const optoutLatency = optOutScenario(
  'optout-latency',
  'Do Not Email -> unsubscribed in CC: 200 toggles over HTTP at a sustainable pace (~1.33/s), push worker at 4 requests/s',
  NORMAL_PACE,
);

export const optoutBurst200 = optOutScenario(
  'optout-burst-200',
  'Do Not Email -> unsubscribed in CC: 200 toggles over HTTP back to back (a queue forms at 2 calls each, 4 requests/s)',
  BURST_PACE,
);
