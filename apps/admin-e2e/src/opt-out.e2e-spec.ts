import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser';
import * as flows from './support/flows';
import { RunningStack, startStack } from './support/stack';

/**
 * Do Not Email in the admin reaches Constant Contact: a linked contact toggled on the record is unsubscribed in
 * the sandbox within seconds, and the API log shows the calls that did it, filtered by system and status.
 */
describe('opting a contact out from the admin reaches Constant Contact (Chromium, sandbox)', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Client;
  /** The CC contact the first test opts out. */
  let optedOut: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ withSandbox: true }), launchBrowser()]);
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
    const matchEmails = await flows.demoEmails(db, 300);
    stack.sandbox!.control.loadScenario({
      seed: 8,
      contacts: 500,
      lists: 2,
      campaigns: 0,
      recipientsPerCampaign: 0,
      matchEmails,
      matchRatio: 0.9,
      unsubscribedRate: 0,
      deletedRate: 0,
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await db?.end();
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await saveScreenshot(page, expect.getState().currentTestName ?? 'e2e');
  });

  it('connects, links contacts, and unsubscribes a toggled contact in the sandbox within 5 seconds', async () => {
    await flows.signInAt(page, stack.baseUrl, '/settings');
    await flows.connectThroughSandbox(page, stack.baseUrl, stack.sandbox!.url);

    // The demo's CRM and CC names differ: keep convergence's field pushes out of this test's API log (one PUT: the opt-out).
    const headers = await flows.csrfHeaders(page);
    const quiet = await page.request.patch(`${stack.baseUrl}/api/settings`, { headers, data: { fieldPushes: false } });
    expect(quiet.status()).toBe(200);
    // Link contacts through the API with the browser's session (the Sync pages are tested elsewhere).
    const started = await page.request.post(`${stack.baseUrl}/api/sync/jobs/link-contacts/run`, { headers: await flows.csrfHeaders(page) });
    expect(started.status()).toBe(201);
    const runId = (await started.json()).id;
    await eventually(
      async () => (await (await page.request.get(`${stack.baseUrl}/api/sync/runs/${runId}`)).json()).status === 'succeeded',
      30_000,
    );

    const {
      rows: [target],
    } = await db.query(
      `SELECT id, ctct_contact_id FROM contacts WHERE ctct_contact_id IS NOT NULL AND NOT do_not_email ORDER BY sort_name LIMIT 1`,
    );
    expect(stack.sandbox!.control.getContact(target.ctct_contact_id)!.email_address.permission_to_send).not.toBe('unsubscribed');

    await page.goto(`${stack.baseUrl}/contacts/${target.id}`);
    const toggle = page.getByTestId('do-not-email').getByRole('switch');
    await toggle.waitFor();
    await toggle.click();
    // A linked contact: the admin says what happens in CC before doing it.
    await page.getByTestId('confirm-consequences').waitFor();
    const clickedAt = Date.now();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('do-not-email-state').getByText(/saved/i).waitFor();
    await eventually(
      async () => stack.sandbox!.control.getContact(target.ctct_contact_id)!.email_address.permission_to_send === 'unsubscribed',
      5_000,
    );
    expect(Date.now() - clickedAt).toBeLessThan(5_000);
    expect(stack.sandbox!.control.getContact(target.ctct_contact_id)!.email_address.opt_out_source).toBe('Account');
    optedOut = target.ctct_contact_id;
  });

  it('filters the API log by system and status and shows the opt-out calls', async () => {
    await page.goto(`${stack.baseUrl}/api-log`);
    await page.getByTestId('api-log-table').waitFor();
    await page.getByTestId('filter-system').click();
    await page.getByRole('option', { name: 'Constant Contact' }).click();
    await page.getByTestId('filter-status').click();
    await page.getByRole('option', { name: /^2xx/ }).click();
    // By the contact's CC id: the link run's convergence also opted out the demo's other Do Not Email contacts.
    await page.getByTestId('filter-text').fill(optedOut);
    await page.getByTestId('filter-text').press('Enter');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="api-log-row"]')].map((row) => row.textContent ?? '');
      return (
        rows.length === 2 && rows.some((row) => /putContact/.test(row) && /200/.test(row)) && rows.some((row) => /getContact/.test(row))
      );
    });
    expect(new URL(page.url()).searchParams.get('statusClass')).toBe('2xx');

    await page.getByTestId('filter-status').click();
    await page.getByRole('option', { name: /^4xx/ }).click();
    await page.getByTestId('empty-state').waitFor();
  });
});

async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
