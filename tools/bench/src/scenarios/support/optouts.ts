// What the budget benches (optout-under-load, quota-day) share about opt-outs: picking linked contacts that CC
// still has subscribed, toggling Do Not Email over HTTP as an admin does (open-loop: each toggle on time, whether
// or not the earlier ones answered), waiting for the pushes, and reading each opt-out's latency from the sandbox's
// own timestamp of the PUT (email_address.opt_out_date, ms, on this host's clock shifted by the sandbox offset).
import type { DataSource } from 'typeorm';
import type { SandboxProcess } from '../../sandbox-client';
import { percentile } from './latency';
import type { BenchAgent } from './push-bench';

export interface OptOutTarget {
  contactId: string;
  ctctId: string;
}

export interface Toggle extends OptOutTarget {
  sentAt: number;
  respondedAt: number;
}

/** Linked CRM contacts whose CC contact is subscribed (an opt-out is then a real GET + PUT), in email order. */
export async function subscribedTargets(dataSource: DataSource, sandbox: SandboxProcess, count: number): Promise<OptOutTarget[]> {
  const linked: Array<{ id: string; ctct_contact_id: string }> = await dataSource.query(
    `SELECT id, ctct_contact_id FROM contacts WHERE ctct_contact_id IS NOT NULL AND deleted_at IS NULL ORDER BY email_normalized`,
  );
  const targets: OptOutTarget[] = [];
  for (const row of linked) {
    if (targets.length === count) break;
    const contact = await sandbox.control.getContact(row.ctct_contact_id);
    const email = contact?.email_address as { permission_to_send?: string } | undefined;
    const subscribed = email && email.permission_to_send !== 'unsubscribed' && !contact?.deleted_at;
    if (subscribed) targets.push({ contactId: row.id, ctctId: row.ctct_contact_id });
  }
  if (targets.length < count) throw new Error(`only ${targets.length} linked, subscribed contacts; ${count} needed`);
  return targets;
}

/** PATCHes Do Not Email on one target; resolves with its toggle once the API answered. */
export async function toggleOptOut(agent: BenchAgent, target: OptOutTarget): Promise<Toggle> {
  const sentAt = Date.now();
  const response = await agent.patch(`/api/contacts/${target.contactId}`).send({ doNotEmail: true });
  if (response.status !== 200) {
    throw new Error(`PATCH ${target.contactId}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
  }
  return { ...target, sentAt, respondedAt: Date.now() };
}

/**
 * Sends the toggles open-loop: toggle i at `start + offsets[i]` (ms), not waiting for earlier answers.
 * `keepGoing` is asked before each one; the toggles not sent when it says no are left out.
 */
export async function sendOpenLoop(
  agent: BenchAgent,
  targets: OptOutTarget[],
  offsets: number[],
  keepGoing: () => boolean = () => true,
): Promise<Toggle[]> {
  const start = performance.now();
  const pending: Promise<Toggle>[] = [];
  for (const [index, target] of targets.entries()) {
    const wait = start + offsets[index] - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (!keepGoing()) break;
    const toggle = toggleOptOut(agent, target);
    toggle.catch(() => undefined); // handled: Promise.all below rethrows it
    pending.push(toggle);
  }
  return Promise.all(pending);
}

/** Offsets (ms from the first) of open-loop arrivals one every `minMs`–`maxMs` (uniform, from `random`). */
export function arrivalOffsets(count: number, minMs: number, maxMs: number, random: () => number): number[] {
  let at = 0;
  return Array.from({ length: count }, (_, index) => (index === 0 ? 0 : (at += minMs + Math.floor(random() * (maxMs - minMs)))));
}

/** Waits until every push of these contacts is delivered or failed (or the timeout passes); counts them. */
export async function waitForOptOutPushes(
  dataSource: DataSource,
  contactIds: string[],
  timeoutMs: number,
): Promise<{ delivered: number; failed: number; pending: number; outcomes: Record<string, number> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows: Array<{ status: string; outcome: string | null; count: number }> = await dataSource.query(
      `SELECT status, outcome, count(*)::int AS count FROM ctct_outbox
        WHERE kind = 'opt_out' AND contact_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [contactIds],
    );
    const sum = (status: string) => rows.filter((row) => row.status === status).reduce((total, row) => total + row.count, 0);
    const delivered = sum('delivered');
    const failed = sum('failed');
    if (delivered + failed >= contactIds.length || Date.now() > deadline) {
      const outcomes = Object.fromEntries(rows.map((row) => [`${row.status}: ${row.outcome ?? '-'}`, row.count]));
      return { delivered, failed, pending: contactIds.length - delivered - failed, outcomes };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface OptOutLatency {
  /** Toggles whose contact CC has unsubscribed. */
  unsubscribed: number;
  latenciesMs: number[];
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/** Each toggle's latency: the sandbox's time of the PUT (opt_out_date, back on our clock) − the PATCH's answer. */
export async function optOutLatencies(sandbox: SandboxProcess, toggles: Toggle[]): Promise<OptOutLatency> {
  const { offsetMs } = await sandbox.control.clock();
  const latenciesMs: number[] = [];
  for (const toggle of toggles) {
    const contact = await sandbox.control.getContact(toggle.ctctId);
    const email = contact?.email_address as { permission_to_send?: string; opt_out_date?: string } | undefined;
    if (email?.permission_to_send !== 'unsubscribed' || !email.opt_out_date) continue;
    latenciesMs.push(Date.parse(email.opt_out_date) - offsetMs - toggle.respondedAt);
  }
  const some = latenciesMs.length > 0;
  return {
    unsubscribed: latenciesMs.length,
    latenciesMs,
    p50Ms: some ? percentile(latenciesMs, 50) : null,
    p95Ms: some ? percentile(latenciesMs, 95) : null,
    maxMs: some ? Math.max(...latenciesMs) : null,
  };
}

/** CC calls since `since`, by budget lane and by job, from the API log (what GET /api/ctct/budget groups). */
export async function callsByLane(
  dataSource: DataSource,
  since: Date,
): Promise<{ byLane: Record<string, number>; byJob: Record<string, number> }> {
  const rows: Array<{ lane: string; job: string | null; calls: number }> = await dataSource.query(
    `SELECT coalesce(l.budget_lane, 'unknown') AS lane, r.job, count(*)::int AS calls
       FROM api_call_log l LEFT JOIN sync_runs r ON r.id = l.job_run_id
      WHERE l.created_at >= $1 AND l.operation NOT LIKE 'oauth.%'
      GROUP BY 1, 2`,
    [since],
  );
  const byLane: Record<string, number> = {};
  const byJob: Record<string, number> = {};
  for (const row of rows) {
    byLane[row.lane] = (byLane[row.lane] ?? 0) + row.calls;
    if (row.job) byJob[row.job] = (byJob[row.job] ?? 0) + row.calls;
  }
  return { byLane, byJob };
}
