// Issue 6: how long a Do Not Email set in the CRM takes to reach CC (unsubscribed there), at CC's real
// 4 requests/s, with the API's own push worker (woken by NOTIFY, PUSH_POLL_MS as the fallback).
// 200 linked contacts are toggled through PATCH /api/contacts/:id {doNotEmail: true} by a signed-in admin agent.
// Each opt-out costs 2 CC calls (GET the contact, PUT it back with only the permission changed), so the API can
// deliver at most ~1.9 a second (a slot every 250 ms + the 15 ms margin); faster arrivals queue.
// - optout-latency: the headline, "normal conditions": the toggles arrive open-loop one every 500–1,000 ms
//   (mean 750 ms, ~1.33/s, seeded), the way people click through a list;
// - optout-burst-200: the 200 toggles sent back to back (a few seconds): a queue forms and the figures show it.
// Latency = the sandbox's own time of the PUT (the contact's email_address.opt_out_date) − the moment the PATCH's
// response arrived. The setup, pacing and figures are shared with field-push-latency (support/push-latency.ts).
import type { ScenarioFigures } from '../figures';
import { progress } from '../log';
import { measure } from '../measure';
import {
  BURST_PACE,
  latencyFigures,
  NORMAL_PACE,
  type Pace,
  sendAtPace,
  waitForPushes,
  withLinkedBenchContacts,
} from './support/push-latency';
import type { BenchScenario } from './scenario';

const TOGGLES = 200;
/** CC calls per opt-out: GET /contacts/{id}, PUT /contacts/{id}. */
const CALLS_PER_OPT_OUT = 2;
const TARGET_P95_MS = 5_000;

function optOutScenario(name: string, description: string, pace: Pace): BenchScenario {
  return {
    name,
    description,
    run: () =>
      withLinkedBenchContacts(
        { name, count: TOGGLES, prefix: 'optout', seed: 62 },
        async ({ dataSource, sandbox, targets, agent, clockOffsetMs }): Promise<ScenarioFigures> => {
          (globalThis as { gc?: () => void }).gc?.();
          await sandbox.control.resetStats();
          progress(name, `${TOGGLES} Do Not Email toggles, ${pace.label}`);
          const measured = await measure(async () => {
            const sent = await sendAtPace(targets, pace, (target) => agent.patch(`/api/contacts/${target.id}`).send({ doNotEmail: true }));
            return { sent, deliveries: await waitForPushes(dataSource, 'opt_out', TOGGLES) };
          });
          const stats = await sandbox.control.stats();

          const latencies: number[] = [];
          for (const change of measured.value.sent) {
            const contact = await sandbox.control.getContact(change.target.ctctId);
            const email = contact?.email_address as { permission_to_send?: string; opt_out_date?: string } | undefined;
            if (email?.permission_to_send !== 'unsubscribed' || !email.opt_out_date) continue;
            latencies.push(Date.parse(email.opt_out_date) - clockOffsetMs - change.respondedAt);
          }
          return {
            apiCalls: stats.total,
            lowerBound: CALLS_PER_OPT_OUT * TOGGLES,
            wallMs: measured.wallMs,
            rows: TOGGLES,
            peakRssMb: measured.peakRssMb,
            extras: {
              pace: pace.label,
              ...latencyFigures(latencies, measured.value.sent, TARGET_P95_MS),
              unsubscribedInCc: latencies.length,
              delivered: measured.value.deliveries.delivered,
              failed: measured.value.deliveries.failed,
              outcomes: measured.value.deliveries.outcomes,
              byOperation: stats.byOperation,
              throttled: stats.throttled,
              maxCallsInAnySecond: stats.maxInAnySecond,
              latencyFrom: 'PATCH response -> sandbox opt_out_date of the PUT',
            },
          };
        },
      ),
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
