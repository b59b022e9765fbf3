// What the push benches (bulk-20k, optout-*) share: driving the API over HTTP as the admin does (a signed-in
// supertest agent on the app's own server, not listening), waiting for a run started that way, creating a CC list
// directly for setup.
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { CSRF_HEADER } from '@ctct/shared-types';
import { csrfTokenOf } from '../../../../../apps/api/test/support/test-app';
import { type RunRow, RunsRepository, RunWorker } from '../../../../../apps/api/src/modules/runs';
import type { SandboxProcess } from '../../sandbox-client';

/** The admin the benches sign in as (created by the API at boot from ADMIN_EMAIL / ADMIN_PASSWORD). */
export const BENCH_ADMIN = { email: 'bench.admin@example.test', password: 'a-long-bench-password' };

/** API env for withConnectedApi: the bench admin. */
export const BENCH_ADMIN_ENV: Record<string, string> = { ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password };

export type BenchAgent = ReturnType<typeof request.agent>;

/** A supertest agent that keeps the session cookie, signed in as BENCH_ADMIN. */
export async function signedInAgent(app: NestExpressApplication): Promise<BenchAgent> {
  const agent = request.agent(app.getHttpServer());
  const response = await agent.post('/api/auth/login').send(BENCH_ADMIN);
  if (response.status !== 200) throw new Error(`bench sign-in: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
  // State-changing requests echo the CSRF cookie set at sign-in, as the admin does.
  return agent.set(CSRF_HEADER, csrfTokenOf(response));
}

/** Waits for a run (however it was started) to finish; throws unless it succeeded. */
export async function waitForRun(app: NestExpressApplication, runId: string, timeoutMs = 30 * 60_000): Promise<RunRow> {
  const worker = app.get(RunWorker);
  const runs = app.get(RunsRepository);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await worker.poke();
    const row = await runs.get(runId);
    if (!row) throw new Error(`run ${runId} vanished`);
    if (row.status === 'succeeded') return row;
    if (row.status !== 'queued' && row.status !== 'running')
      throw new Error(`${row.job} run ${row.status}: ${row.status_reason ?? 'no reason given'}`);
    if (Date.now() > deadline) throw new Error(`${row.job} run still ${row.status} after ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Creates a list in CC through the sandbox's V3 API (setup: its own token, the rate limit lifted meanwhile, the
 * counters reset afterwards) and returns its id. A list made this way starts empty, unlike the scenario's lists.
 */
export async function createCcList(sandbox: SandboxProcess, name: string): Promise<string> {
  const limit = await sandbox.control.getRateLimit();
  const { access_token: token } = await sandbox.control.issueTokens();
  await sandbox.control.setRateLimit(false);
  try {
    const response = await fetch(new URL('/v3/contact_lists', sandbox.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ name, description: 'bench target list' }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox POST /contact_lists: ${response.status} ${text.slice(0, 300)}`);
    return (JSON.parse(text) as { list_id: string }).list_id;
  } finally {
    await sandbox.control.setRateLimit(limit);
    await sandbox.control.resetStats();
  }
}
