import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { freshPagePerTest, launchBrowser } from './support/browser';
import * as flows from './support/flows';
import { RunningStack, startStack } from './support/stack';

const JOBS = ['lists', 'link-contacts', 'activities'] as const;

/**
 * The sync admin on the built app against the CC sandbox: connect, run each job from Settings and watch it
 * finish, then read the run history, a run's records, the mirrored lists and a contact's Interactions.
 * The tests share one stack and run in order: each builds on what the previous one synced.
 */
describe('syncing with Constant Contact (the sandbox) from the admin, in Chromium', () => {
  let stack: RunningStack;
  let sandboxUrl: string;
  let browser: Browser;
  let page: Page;
  let db: Client;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ withSandbox: true }), launchBrowser()]);
    if (!stack.sandbox) throw new Error('startStack({ withSandbox: true }) returned no sandbox');
    sandboxUrl = stack.sandbox.url;
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
    // CC contacts for 80 % of these CRM emails (case-varied), so the link job has real matches.
    const { rows } = await db.query<{ email: string }>(
      String.raw`SELECT lower(btrim(email)) AS email FROM contacts WHERE email ~ '^\S+@\S+\.[a-z]+$' ORDER BY id LIMIT 400`,
    );
    stack.sandbox.control.loadScenario({
      seed: 3,
      contacts: 600,
      lists: 3,
      campaigns: 2,
      recipientsPerCampaign: 150,
      matchEmails: rows.map((row) => row.email),
      matchRatio: 0.8,
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

  const signInAt = (path: string) => flows.signInAt(page, stack.baseUrl, path);

  const text = (testId: string) => flows.textOf(page, testId);

  it('connects, then runs Lists, Link contacts and Engagement activities from Settings, each to "Succeeded" with counts', async () => {
    await signInAt('/settings');
    await page.getByTestId('connection-state').filter({ hasText: 'Not connected' }).waitFor();

    await flows.connectThroughSandbox(page, stack.baseUrl, sandboxUrl);
    await page
      .getByTestId('connection-state')
      .filter({ hasText: /^\s*Connected\s*$/ })
      .waitFor();

    for (const job of JOBS) {
      await page.getByTestId(`job-card-${job}`).scrollIntoViewIfNeeded();
      expect(await text(`job-last-run-${job}`)).toContain('Never run');
      await page.getByTestId(`sync-now-${job}`).click();
      // Live state while it works, then how it ended (polled every second).
      await page.getByTestId(`job-state-${job}`).filter({ hasText: 'Succeeded' }).waitFor({ timeout: 90_000 });
      await page.getByTestId(`job-last-run-${job}`).filter({ hasText: 'API calls' }).waitFor();
      const lastRun = await text(`job-last-run-${job}`);
      expect(lastRun).toContain('Succeeded');
      expect(lastRun).toMatch(/\d[\d,]* (created|updated|linked)/);
      expect(await page.getByTestId(`sync-now-error-${job}`).count()).toBe(0);
    }
    expect(await text('job-last-run-link-contacts')).toMatch(/[1-9][\d,]* linked/);
  });

  it('lists the three runs in the Sync history and opens the link-contacts run with its linked records', async () => {
    await signInAt('/sync');
    await page.getByTestId('runs-table').waitFor();
    const rows = page.getByTestId('run-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 3);
    const statuses = await rows.getByTestId('run-status').allTextContents();
    expect(statuses.map((s) => s.trim())).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    // Newest first.
    const rowTexts = (await rows.allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(rowTexts[0]).toMatch(/^Engagement activities/);
    expect(rowTexts[1]).toMatch(/^Link contacts/);
    expect(rowTexts[2]).toMatch(/^Lists/);

    const linkRun = rows.filter({ hasText: 'Link contacts' });
    await linkRun.focus();
    await linkRun.press('Enter');
    await page.waitForURL(onAdmin(/^\/sync\/runs\/[0-9a-f-]{36}$/));
    const runId = page.url().split('/').pop()!;
    await page.getByTestId('run-detail').waitFor();
    expect(await text('run-counts')).toMatch(/[1-9][\d,]*\s*linked/);

    await page.getByTestId('records-outcome-linked').click();
    await page.waitForURL((url) => url.searchParams.get('outcome') === 'linked');
    await page.getByTestId('record-row').first().waitFor();
    const firstRecord = ((await page.getByTestId('record-row').first().textContent()) ?? '').trim();
    expect(firstRecord).toMatch(/^Linked/);
    expect(await page.getByTestId('records-csv').getAttribute('href')).toBe(`/api/sync/runs/${runId}/records.csv?outcome=linked`);
    const csv = await page.request.get(`${stack.baseUrl}/api/sync/runs/${runId}/records.csv?outcome=linked`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[1]).toMatch(/^linked,/);

    await page.getByTestId('run-api-calls-link').click();
    await page.waitForURL((url) => url.pathname === '/api-log' && url.searchParams.get('jobRunId') === runId);
    await page.getByTestId('api-log-row').first().waitFor();
  });

  it('shows the Constant Contact lists the lists job mirrored', async () => {
    await signInAt('/lists');
    await page.getByTestId('lists-table').waitFor();
    const lists = await page.getByTestId('list-row').count();
    expect(lists).toBeGreaterThanOrEqual(3);
    // The job's status loads on its own, after the table: wait for it rather than read it once.
    await page.getByTestId('job-state-lists').filter({ hasText: 'Succeeded' }).waitFor();

    // Show deleted asks the API again (no lists are deleted in this scenario, so as many rows).
    const request = page.waitForRequest((req) => req.url().includes('/api/sync/lists?includeDeleted=true'));
    await page.getByTestId('show-deleted').getByRole('switch').click();
    await request;
    await page.waitForURL((url) => url.searchParams.get('deleted') === 'true');
    expect(await page.getByTestId('list-row').count()).toBeGreaterThanOrEqual(lists);
  });

  it("shows a linked contact's Constant Contact card, engagement and Interactions with a Sent item", async () => {
    const {
      rows: [contact],
    } = await db.query<{ id: string; ctct_contact_id: string }>(
      `SELECT c.id, c.ctct_contact_id FROM contacts c
        WHERE c.deleted_at IS NULL AND EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id AND i.type = 'email_send')
        ORDER BY c.id LIMIT 1`,
    );
    expect(contact).toBeDefined();

    await signInAt(`/contacts/${contact.id}`);
    await page.getByTestId('ctct-link').filter({ hasText: contact.ctct_contact_id }).waitFor();
    await page.getByTestId('ctct-permission').waitFor();
    await page.getByTestId('engagement-summary').waitFor();
    expect(await text('engagement-summary')).toMatch(/[1-9]\d*\s*Sends/);

    await page.getByTestId('interactions-timeline').waitFor();
    const sent = page.getByTestId('interaction-item').filter({ hasText: 'Sent' });
    expect(await sent.count()).toBeGreaterThanOrEqual(1);
  });

  it('charts a synced campaign at tablet width, by day and by hour', async () => {
    await page.setViewportSize({ width: 820, height: 1000 });
    await signInAt('/campaigns');
    await page.getByTestId('campaigns-table').waitFor();
    const tracked = page
      .getByTestId('campaign-row')
      .filter({ has: page.getByTestId('open-rate') })
      .first();
    await tracked.focus();
    await tracked.press('Enter');
    await page.getByTestId('campaign-chart').locator('g.series').first().waitFor();
    expect(await page.getByTestId('campaign-chart').locator('g.series').count()).toBe(4);
    expect(await page.getByTestId('campaign-chart').locator('g.series[data-series="opens"] circle').count()).toBeGreaterThan(0);

    await page.getByTestId('chart-bucket-hour').click();
    await page.waitForURL((url) => url.searchParams.get('bucket') === 'hour');
    await page.getByTestId('campaign-chart').locator('desc').filter({ hasText: 'hourly' }).waitFor({ state: 'attached' });
    // Nothing wider than the viewport: the page reads without sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  });
});
