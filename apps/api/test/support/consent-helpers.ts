import type { PushDto } from '@ctct/shared-types';
import { PushDeliveryService } from '../../src/modules/push/push-delivery.service';
import { RunsService } from '../../src/modules/runs/runs.service';
import type { TestSandbox } from './sandbox';
import { waitForRun } from './sync-helpers';
import type { TestApp } from './test-app';

/**
 * What the field-push and Do Not Email tests share: CRM contacts whose names already equal their CC contact's
 * (so a link run finds no drift of its own), changing CC the way a person or an import would (its V3 API), and
 * waiting for a contact's pushes to settle.
 */

/** Inserts one CRM contact per email, named like its CC contact when CC has one (else "First i" / "Last i"). */
export async function insertContactsNamedLikeCc(t: TestApp, cc: TestSandbox, emails: string[]): Promise<string[]> {
  const names = emails.map((email, index) => {
    const found = cc.sandbox.control.findContactByEmail(email.trim().toLowerCase()) as
      { first_name?: string; last_name?: string } | undefined;
    return found ? [found.first_name ?? null, found.last_name ?? null] : [`First${index}`, `Last${index}`];
  });
  const rows: Array<{ id: string }> = await t.dataSource.query(
    `INSERT INTO contacts (email, first_name, last_name, type)
     SELECT e, f, l, 'customer' FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) AS t(e, f, l) RETURNING id`,
    [emails, names.map((name) => name[0]), names.map((name) => name[1])],
  );
  return rows.map((row) => row.id);
}

/** What the sandbox answered (the tests read the fields they expect). */
type V3Body = Record<string, unknown> | null;

/** A V3 request to the sandbox with a token of our own, as another CC client (a sign-up form, an import, a person). */
export async function v3(cc: TestSandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: V3Body }> {
  const token = cc.sandbox.control.issueTokens().access_token;
  const response = await fetch(`${cc.running.url}/v3${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Runs a sync job as "Sync now" does and expects it to succeed. */
export async function runJob(t: TestApp, job: 'lists' | 'link-contacts'): Promise<void> {
  const { run } = await t.app.get(RunsService).requestRun(job, 'manual');
  const finished = await waitForRun(t, run.id);
  if (finished.status !== 'succeeded') throw new Error(`${job} run ${finished.status}: ${JSON.stringify(finished)}`);
}

/** The contact's newest push of this kind once it is delivered or failed for good. */
export async function waitForPush(t: TestApp, contactId: string, kind: PushDto['kind'], timeoutMs = 20_000): Promise<PushDto> {
  const deadline = Date.now() + timeoutMs;
  const agent = await t.signedIn();
  for (;;) {
    const pushes: PushDto[] = (await agent.get(`/api/contacts/${contactId}/pushes`).expect(200)).body;
    const latest = pushes.find((push) => push.kind === kind);
    if (latest && ['delivered', 'failed'].includes(latest.status)) return latest;
    if (Date.now() > deadline) throw new Error(`no settled ${kind} push for ${contactId}: ${JSON.stringify(latest ?? null)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until no push is pending or being delivered (pokes the worker so delayed ones go as soon as they are due). */
export async function waitForOutboxIdle(t: TestApp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS busy FROM ctct_outbox WHERE status IN ('pending', 'delivering')`);
    if (row.busy === 0) return;
    if (Date.now() > deadline) throw new Error(`${row.busy} pushes still pending after ${timeoutMs} ms`);
    await t.app.get(PushDeliveryService).poke();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function pushesOf(
  t: TestApp,
  contactId: string,
  kind: string,
): Promise<Array<{ status: string; outcome: string | null; last_error: string | null }>> {
  return t.dataSource.query(`SELECT status, outcome, last_error FROM ctct_outbox WHERE contact_id = $1 AND kind = $2 ORDER BY id`, [
    contactId,
    kind,
  ]);
}
