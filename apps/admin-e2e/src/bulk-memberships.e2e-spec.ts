import type { BulkPreviewDto, CtctListDto, Page as ApiPage, SyncRecordOutcome, SyncRunDto, SyncRunRecordDto } from '@ctct/shared-types';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { bodyOf, freshPagePerTest, launchBrowser, saveScreenshot } from './support/browser';
import * as flows from './support/flows';
import { RunningStack, startStack } from './support/stack';

/** Record outcomes whose contacts the run put on the list. */
const ADDED: SyncRecordOutcome[] = ['created', 'linked', 'updated'];

/**
 * The bulk memberships wizard on the built app against the CC sandbox: connect, sync lists and links, then
 * select ~600 demo contacts by a filter, pick a synced list, preview, run, read the results — and check in the
 * sandbox that everyone the results call created / linked / updated is a member of that list.
 */
describe('bulk Constant Contact memberships from the admin wizard (the sandbox), in Chromium', () => {
  let stack: RunningStack;
  let sandboxUrl: string;
  let browser: Browser;
  let page: Page;
  let db: Client;

  beforeAll(async () => {
    // A short queue poll so runs start at once rather than on the next 2 s tick.
    [stack, browser] = await Promise.all([startStack({ withSandbox: true, env: { SYNC_POLL_MS: '200' } }), launchBrowser()]);
    if (!stack.sandbox) throw new Error('startStack({ withSandbox: true }) returned no sandbox');
    sandboxUrl = stack.sandbox.url;
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
    // CC contacts for half of 400 CRM emails: the run then creates some contacts, links some and adds linked ones.
    const { rows } = await db.query<{ email: string }>(
      String.raw`SELECT lower(btrim(email)) AS email FROM contacts WHERE email ~ '^\s*\S+@\S+\.[a-z]+\s*$' LIMIT 400`,
    );
    stack.sandbox.control.loadScenario({
      seed: 4,
      contacts: 800,
      lists: 3,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails: rows.map((row) => row.email),
      matchRatio: 0.5,
    });
  });
  afterAll(async () => {
    await db?.end();
    await browser?.close();
    await stack?.close();
  });
  freshPagePerTest(
    () => browser,
    (next) => (page = next),
  );

  const onAdmin = (path: string | RegExp) => flows.onAdmin(stack.baseUrl, path);
  const step = (name: string) => saveScreenshot(page, `bulk-memberships-${name}`);

  const text = (testId: string) => flows.textOf(page, testId);

  const signInAt = (path: string) => flows.signInAt(page, stack.baseUrl, path);

  /** Connect → the sandbox's sign-in page → consent → Allow → back on /settings. */
  async function connectThroughSandbox() {
    await page.getByTestId('connection-state').filter({ hasText: 'Not connected' }).waitFor();
    await flows.connectThroughSandbox(page, stack.baseUrl, sandboxUrl);
    await page
      .getByTestId('connection-state')
      .filter({ hasText: /^\s*Connected\s*$/ })
      .waitFor();
  }

  /** A signed-in `page.request` shares the session cookie. */
  async function api<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const response =
      method === 'GET'
        ? await page.request.get(`${stack.baseUrl}${path}`)
        : await page.request.post(`${stack.baseUrl}${path}`, { headers: await flows.csrfHeaders(page) });
    if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function syncNow(job: 'lists' | 'link-contacts'): Promise<SyncRunDto> {
    const started = await api<SyncRunDto>('POST', `/api/sync/jobs/${job}/run`);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const run = await api<SyncRunDto>('GET', `/api/sync/runs/${started.id}`);
      if (run.status === 'succeeded') return run;
      if (!['queued', 'running'].includes(run.status)) throw new Error(`${job} run ended ${run.status}: ${run.statusReason}`);
      if (Date.now() > deadline) throw new Error(`${job} run still ${run.status} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function allRecords(runId: string, outcome: SyncRecordOutcome): Promise<SyncRunRecordDto[]> {
    const records: SyncRunRecordDto[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiPage<SyncRunRecordDto> = await api(
        'GET',
        `/api/sync/runs/${runId}/records?outcome=${outcome}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return records;
  }

  it('selects ~600 contacts by a filter, previews, runs, and puts every added contact on the CC list', async () => {
    const started = Date.now();
    await signInAt('/settings');
    await connectThroughSandbox();
    await syncNow('lists');
    const link = await syncNow('link-contacts');
    expect(link.counts.linked).toBeGreaterThan(0);
    const lists = await api<CtctListDto[]>('GET', '/api/sync/lists');
    expect(lists.length).toBeGreaterThanOrEqual(3);
    const target = lists[0];
    const {
      rows: [{ leads }],
    } = await db.query<{ leads: number }>(`SELECT count(*)::int AS leads FROM contacts WHERE type = 'lead' AND deleted_at IS NULL`);
    // Customers are ~43 % of the 2,000 demo contacts (too many); leads give the 400–600 this test wants.
    expect(leads).toBeGreaterThanOrEqual(400);
    expect(leads).toBeLessThanOrEqual(600);

    // 1. Select contacts: type = lead, then "Select all that match".
    await page.getByTestId('nav-bulk-memberships').click();
    await page.waitForURL(onAdmin('/bulk-memberships'));
    await page.getByTestId('bulk-stepper').waitFor();
    await page.getByTestId('select-row').first().waitFor();
    const filtered = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/contacts' && new URL(response.url()).searchParams.get('type') === 'lead',
    );
    await page.getByTestId('select-type').click();
    await page
      .locator('mat-option')
      .filter({ hasText: /^\s*lead\s*$/i })
      .click();
    await filtered;
    await page.getByTestId('select-all-matching').locator('input').check();
    // The page renders on its own schedule after the click: wait for it rather than read at once.
    await page
      .getByTestId('selected-count')
      .filter({ hasText: /^\s*All matching contacts selected\s*$/ })
      .waitFor();
    await page.getByTestId('select-row-checkbox').first().locator('input:checked:disabled').waitFor();
    await step('1-select');

    // 2. Pick a synced list.
    await page.getByTestId('to-list-step').click();
    await page.getByTestId('list-option').first().waitFor();
    expect(await page.getByTestId('list-option').count()).toBe(lists.length);
    await page.getByTestId('list-option').filter({ hasText: target.name }).locator('input').check();
    await step('2-list');

    // 3. Preview: the counts per outcome add up to the total, which is the filter's count.
    const previewResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/bulk-memberships/preview');
    await page.getByTestId('to-preview-step').click();
    const previewed = await previewResponse;
    // A preview changes nothing: when Chromium has dropped its body, the same request answers the same.
    const preview = JSON.parse(
      await bodyOf(previewed, async () =>
        (
          await page.request.post(previewed.url(), {
            headers: { 'content-type': 'application/json', ...(await flows.csrfHeaders(page)) },
            data: previewed.request().postData() ?? '',
          })
        ).text(),
      ),
    ) as BulkPreviewDto;
    await page.getByTestId('preview-counts').waitFor();
    expect(preview.total).toBe(leads);
    const shown = await page.locator('[data-testid^="preview-count-"]').allTextContents();
    expect(shown).toHaveLength(Object.keys(preview.counts).length);
    expect(shown.reduce((sum, value) => sum + Number(value.replace(/[^\d]/g, '')), 0)).toBe(preview.total);
    expect(preview.counts.create).toBeGreaterThan(0);
    expect(preview.counts.add_linked + preview.counts.link_and_add).toBeGreaterThan(0);
    expect(await text('preview-api-calls')).toMatch(/^≈ \d+ calls? of [\d,]+ left today/);
    expect(await page.getByTestId('preview-budget-warning').count()).toBe(0);
    // Step 1's count (in the hidden step now) learned the filter's count from the preview.
    await page
      .getByTestId('selected-count')
      .filter({ hasText: `All ${preview.total} contacts matching the filter` })
      .waitFor({ state: 'attached' });
    await page.getByTestId('preview-count-create').click(); // expands its samples
    await page.getByTestId('preview-samples-create').locator('tbody tr').first().waitFor();
    await step('3-preview');
    await page.setViewportSize({ width: 820, height: 1000 });
    await step('3-preview-820px');
    await page.setViewportSize({ width: 1280, height: 860 });

    // 4. Run, with live progress.
    const startResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/bulk-memberships/runs');
    await page.getByTestId('start-run').click();
    const startedRun = await startResponse;
    expect(startedRun.status()).toBe(201);
    const newestBulkRun = async () =>
      JSON.stringify((await db.query(`SELECT id FROM sync_runs WHERE job = 'bulk-memberships' ORDER BY queued_at DESC LIMIT 1`)).rows[0]);
    const runId = (JSON.parse(await bodyOf(startedRun, newestBulkRun)) as SyncRunDto).id;
    await page.getByTestId('run-status').waitFor();
    await page.getByTestId('run-progress').waitFor();
    await step('4-run');

    // 5. Results.
    await page.getByTestId('results').waitFor({ timeout: 60_000 });
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^\s*Succeeded\s*$/ })
      .waitFor({ state: 'attached' }); // in step 4, hidden now
    const run = await api<SyncRunDto>('GET', `/api/sync/runs/${runId}`);
    expect(run.status).toBe('succeeded');
    expect(run.counts.failed).toBe(0);
    for (const [outcome, count] of Object.entries(preview.counts)) expect(run.counts[outcome] ?? 0).toBe(count);
    await page
      .getByTestId('results-tab-created')
      .filter({ hasText: `New in Constant Contact ${run.counts.created}` })
      .waitFor();
    await page.getByTestId('results-row').first().waitFor();
    expect(await page.getByTestId('results-row').count()).toBe(Math.min(100, run.counts.created));
    expect(await page.getByTestId('results-csv').getAttribute('href')).toBe(`/api/sync/runs/${runId}/records.csv?outcome=created`);
    expect(await page.getByTestId('results-api-calls').getAttribute('href')).toBe(`/api-log?jobRunId=${runId}`);
    const updatedRecords = page.waitForResponse((response) => new URL(response.url()).searchParams.get('outcome') === 'updated');
    await page.getByTestId('results-tab-updated').click();
    await updatedRecords;
    await page.getByTestId('results-csv').and(page.locator('[href$="outcome=updated"]')).waitFor();
    await page.waitForFunction(
      (rows) => document.querySelectorAll('[data-testid="results-row"]').length === rows,
      Math.min(100, run.counts.updated),
    );
    await step('5-results');

    // Every contact the results call created / linked / updated is a member of the list in the sandbox.
    const added = (await Promise.all(ADDED.map((outcome) => allRecords(runId, outcome)))).flat();
    expect(added.length).toBe(run.counts.created + run.counts.linked + run.counts.updated);
    expect(added.length).toBe(preview.counts.create + preview.counts.add_linked + preview.counts.link_and_add);
    const { rows } = await db.query<{ id: string; ctct_contact_id: string | null }>(
      `SELECT id, ctct_contact_id FROM contacts WHERE id = ANY($1::uuid[])`,
      [added.map((record) => record.crmContactId)],
    );
    expect(rows).toHaveLength(added.length);
    const members = new Set(stack.sandbox!.control.listMembers(target.listId));
    const missing = rows.filter((row) => !row.ctct_contact_id || !members.has(row.ctct_contact_id));
    expect(missing).toEqual([]);

    // Start another: back to step 1, nothing selected.
    await page.getByTestId('start-another').click();
    await page.getByTestId('selected-count').filter({ hasText: 'No contacts selected' }).waitFor();
    expect(Date.now() - started).toBeLessThan(90_000);
  });
});
