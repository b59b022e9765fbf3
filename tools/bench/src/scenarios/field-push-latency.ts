// Issue 12: how long a name edit of a linked CRM contact takes to reach CC, at CC's real 4 requests/s, with the
// API's own push worker. 200 linked contacts get one first-name edit each through PATCH /api/contacts/:id by a
// signed-in admin agent, at the normal pace (open-loop, one every 500–1,000 ms, the same seeded arrivals as
// optout-latency). A field push waits PUSH_COALESCE_MS (1 s by default) for more edits of the same contact, then
// costs 2 CC calls (GET the contact, PUT it back with the CRM's email and names and every other field unchanged).
// Latency = the sandbox's own time of the PUT (the contact's updated_at; a GET does not change it) − the moment the
// PATCH's response arrived. Setup, pacing and figures: support/push-latency.ts, shared with the opt-out benches.
import { SettingsService } from '../../../../apps/api/src/modules/settings';
import { roundFigure, type ScenarioFigures } from '../figures';
import { progress } from '../log';
import { measure } from '../measure';
import { latencyFigures, NORMAL_PACE, sendAtPace, waitForPushes, withLinkedBenchContacts } from './support/push-latency';
import type { BenchScenario } from './scenario';

const EDITS = 200;
/** CC calls per field push: GET /contacts/{id}, PUT /contacts/{id} (fewer per edit when edits coalesce). */
const CALLS_PER_FIELD_PUSH = 2;
const TARGET_P95_MS = 5_000;

export const fieldPushLatency: BenchScenario = {
  name: 'field-push-latency',
  description: 'a name edit in the CRM -> the CC contact renamed: 200 edits over HTTP at ~1.33/s, push worker at 4 requests/s',
  run: () =>
    withLinkedBenchContacts(
      { name: 'field-push-latency', count: EDITS, prefix: 'fieldpush', seed: 63 },
      async (bench): Promise<ScenarioFigures> => {
        const { app, dataSource, sandbox, targets, agent, clockOffsetMs } = bench;
        // Off while linking (quietSchedules): the bench's CRM names differ from CC's, and convergence would otherwise
        // queue 200 pushes of its own before the measurement. On now: only the edits below push anything.
        await app.get(SettingsService).set('push.fieldPushes', true);
        const newName = (index: number) => `Renamed${index}`;

        (globalThis as { gc?: () => void }).gc?.();
        await sandbox.control.resetStats();
        progress('field-push-latency', `${EDITS} first-name edits, ${NORMAL_PACE.label}`);
        const measured = await measure(async () => {
          const sent = await sendAtPace(targets, NORMAL_PACE, (target, index) =>
            agent.patch(`/api/contacts/${target.id}`).send({ firstName: newName(index) }),
          );
          return { sent, deliveries: await waitForPushes(dataSource, 'update', EDITS) };
        });
        const stats = await sandbox.control.stats();

        const indexOf = new Map(targets.map((target, index) => [target.id, index]));
        const latencies: number[] = [];
        for (const change of measured.value.sent) {
          const contact = await sandbox.control.getContact(change.target.ctctId);
          if (contact?.first_name !== newName(indexOf.get(change.target.id)!) || typeof contact.updated_at !== 'string') continue;
          latencies.push(Date.parse(contact.updated_at) - clockOffsetMs - change.respondedAt);
        }
        const puts = stats.byOperation.putContact ?? 0;
        return {
          apiCalls: stats.total,
          lowerBound: CALLS_PER_FIELD_PUSH * EDITS,
          wallMs: measured.wallMs,
          rows: EDITS,
          peakRssMb: measured.peakRssMb,
          extras: {
            pace: NORMAL_PACE.label,
            ...latencyFigures(latencies, measured.value.sent, TARGET_P95_MS),
            callsPerEdit: roundFigure(stats.total / EDITS),
            callsPerEditUnder2: stats.total / EDITS <= CALLS_PER_FIELD_PUSH,
            putsPerEdit: roundFigure(puts / EDITS),
            renamedInCc: latencies.length,
            delivered: measured.value.deliveries.delivered,
            failed: measured.value.deliveries.failed,
            outcomes: measured.value.deliveries.outcomes,
            byOperation: stats.byOperation,
            throttled: stats.throttled,
            maxCallsInAnySecond: stats.maxInAnySecond,
            latencyFrom: 'PATCH response -> sandbox updated_at of the PUT',
          },
        };
      },
    ),
};
