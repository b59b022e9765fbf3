import type { SyncRunDto } from '@ctct/shared-types';
import { toSyncRunDto } from '../../src/modules/runs/run.row';
import { RunsRepository } from '../../src/modules/runs/runs.repository';
import type { TestApp } from './test-app';

const FINISHED = ['succeeded', 'failed', 'paused', 'cancelled', 'skipped'];

/** Polls a run until it finishes (or reaches one of `statuses`), or the timeout passes. */
export async function waitForRun(
  t: TestApp,
  runId: string,
  timeoutMs = 60_000,
  statuses: readonly string[] = FINISHED,
): Promise<SyncRunDto> {
  const runs = t.app.get(RunsRepository);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await runs.get(runId);
    if (row && statuses.includes(row.status)) return toSyncRunDto(row);
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${row?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** CRM contacts with the given emails (stored exactly as given: spaces and capitals included). */
export async function insertCrmContacts(t: TestApp, emails: Array<string | null>): Promise<string[]> {
  const rows: Array<{ id: string }> = await t.dataSource.query(
    `INSERT INTO contacts (email, first_name, last_name, type)
     SELECT e, 'First' || i, 'Last' || i, 'customer' FROM unnest($1::varchar[]) WITH ORDINALITY AS t(e, i) RETURNING id`,
    [emails],
  );
  return rows.map((row) => row.id);
}
