import { SANDBOX_USER } from '@ctct/sandbox';
import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, PHONE, checkBothSizes, horizontalOverflow } from './support/a11y';
import { launchBrowser, saveScreenshot } from './support/browser';
import * as flows from './support/flows';
import { E2E_ADMIN, RunningStack, startStack } from './support/stack';

/**
 * Issue 15 in Chromium, on the built app against the CC sandbox: plain language, protected irreversible changes,
 * a connection-aware app, checks as the user types, phone layouts, pictures first, the API log and accessibility.
 * Every page is shot at 1440×900 and 390×844 (tmp/test-results/e2e/<name>-1440.png / -390.png) and scanned with
 * axe-core at both sizes: no serious or critical violation (the per-page results: axe-results.json there).
 * The tests share one browser page and run in order: each builds on what the previous one did.
 */
describe('the admin for a first-time user (issue 15), in Chromium', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let db: Client;
  /** The CC contact the admin opts out on the contact record. */
  let optedOut: string;

  beforeAll(async () => {
    // CC's standard daily quota, so a busy schedule shows its warning (the sandbox itself allows more).
    [stack, browser] = await Promise.all([startStack({ withSandbox: true, env: { CTCT_RATE_PER_DAY: '10000' } }), launchBrowser()]);
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
    const matchEmails = await flows.demoEmails(db, 400);
    stack.sandbox!.control.loadScenario({
      seed: 15,
      contacts: 600,
      lists: 4,
      campaigns: 4,
      recipientsPerCampaign: 150,
      matchEmails,
      matchRatio: 0.8,
      unsubscribedRate: 0,
      deletedRate: 0,
    });
    context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await db?.end();
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    await saveScreenshot(page, `issue15-${expect.getState().currentTestName ?? 'e2e'}`);
  });

  const url = (path: string) => `${stack.baseUrl}${path}`;
  const text = (testId: string) => flows.textOf(page, testId);
  const testId = (id: string) => page.getByTestId(id);

  async function waitForJob(job: string) {
    await testId(`job-state-${job}`).filter({ hasText: 'Succeeded' }).waitFor({ timeout: 110_000 });
  }

  it('login: a wrong password says so, and the message goes as soon as the user edits', async () => {
    await page.goto(url('/dashboard'));
    await page.waitForURL(/\/login/);
    await checkBothSizes(page, 'login');

    await testId('email').fill(E2E_ADMIN.email);
    await testId('password').fill('not-the-password');
    await testId('sign-in').click();
    await testId('login-error').waitFor();
    await testId('password').fill('x');
    await testId('login-error').waitFor({ state: 'detached' });

    await testId('password').fill(E2E_ADMIN.password);
    await testId('sign-in').click();
    // The landing page is the dashboard.
    await page.waitForURL(flows.onAdmin(stack.baseUrl, '/dashboard'));
  });

  it('while nothing is connected: a "Not connected — Connect" banner on every page, and CC actions disabled with the reason', async () => {
    await testId('tile-connection').waitFor();
    await testId('connection-banner').filter({ hasText: 'Not connected to Constant Contact' }).waitFor();
    expect(await text('dashboard-connection-state')).toContain('Not connected');
    // The tiles other features add (DASHBOARD_TILES: alerts, drift, opt-outs) are part of what is scanned.
    await testId('tile-alerts').getByTestId('alerts-tile-unread').waitFor();
    // Only the drift tile's heading: GET /api/reconciliation does not answer on this stack yet (reported to the lead).
    await testId('tile-drift').getByRole('heading', { name: 'Drift' }).waitFor();
    await testId('tile-opt-outs').getByTestId('opt-outs-tile-waiting').waitFor();
    await checkBothSizes(page, 'dashboard-not-connected');

    await page.goto(url('/settings'));
    // Nothing is blocked on a guess: the reason shows once the connection is known.
    await testId('sync-now-blocked-lists').waitFor();
    expect(await testId('sync-now-lists').isDisabled()).toBe(true);
    expect(await text('sync-now-blocked-lists')).toBe('Constant Contact is not connected: connect it first.');
    await testId('connection-banner').waitFor();
    await checkBothSizes(page, 'settings-not-connected');

    await page.goto(url('/lists'));
    await testId('sync-now-blocked-lists').waitFor();
    expect(await testId('sync-lists-now').isDisabled()).toBe(true);
  });

  it("Connect in the banner goes straight to Constant Contact's consent page and back", async () => {
    await testId('banner-connect').click();
    await page.waitForURL((u) => u.href.startsWith(stack.sandbox!.url));
    await page.locator('#email').fill(SANDBOX_USER.email);
    await page.locator('#password').fill(SANDBOX_USER.password);
    await page.locator('#sign-in').click();
    await page.locator('#allow').click();
    await page.waitForURL(flows.onAdmin(stack.baseUrl, '/settings'));
    await testId('connection-state')
      .filter({ hasText: /^\s*Connected\s*$/ })
      .waitFor();
    await testId('connection-banner').waitFor({ state: 'detached' });
  });

  it('runs the three jobs from Settings (the data the next pages show)', async () => {
    for (const job of ['lists', 'link-contacts', 'activities']) {
      await testId(`job-card-${job}`).scrollIntoViewIfNeeded();
      await testId(`sync-now-${job}`).click();
      await waitForJob(job);
    }
  }, 360_000);

  it('settings: schedules show their next runs and warn about the quota, cron and list names are checked as typed', async () => {
    await page.goto(url('/settings'));
    await testId('job-next-runs-lists').waitFor();
    expect(await text('job-next-runs-lists')).toMatch(/^Next runs \(your time\): /);

    await testId('job-schedule-activities').fill('* * * * *');
    await testId('job-schedule-cost-activities').waitFor();
    expect(await text('job-schedule-cost-activities')).toMatch(
      /^About 1,440 runs a day × ≈ \d+ calls? = ≈ [\d,]+ calls, \d+% of the daily quota of 10,000/,
    );
    await testId('job-schedule-lists').fill('0 25 * * *');
    await testId('job-schedule-lists-error').waitFor();
    // The error sits under its field, above the Sync now button, not under it.
    const error = (await testId('job-schedule-lists-error').boundingBox())!;
    const button = (await testId('sync-now-lists').boundingBox())!;
    expect(error.y + error.height).toBeLessThanOrEqual(button.y);

    await testId('setting-type-rules').getByRole('switch').click();
    await testId('rule-lead').fill('Lead');
    await page.getByRole('option', { name: 'Leads' }).waitFor();
    await testId('rule-lead-error').waitFor();
    expect(await text('rule-lead-error')).toContain('Constant Contact has no list called "Lead"');
    await page.keyboard.press('Escape');
    await checkBothSizes(page, 'settings-checks');

    // Housekeeping: the hints no longer run into the rate plan below them, at either size.
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      const hints = await testId('housekeeping-card')
        .locator('mat-hint')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().bottom));
      const plan = (await testId('setting-rate-plan').boundingBox())!;
      expect(Math.max(...hints)).toBeLessThanOrEqual(plan.y);
    }
    await page.setViewportSize(DESKTOP);

    // Unsaved edits: leaving asks first; "Keep editing" stays.
    await testId('nav-contacts').click();
    await testId('confirm-message').filter({ hasText: 'not saved yet' }).waitFor();
    await checkBothSizes(page, 'unsaved-changes-prompt');
    await testId('confirm-cancel').click();
    expect(new URL(page.url()).pathname).toBe('/settings');
    for (const card of ['schedules', 'pushes']) await testId(`reset-${card}`).click();
  });

  it("dashboard: connection, today's API budget and the last runs", async () => {
    await page.goto(url('/dashboard'));
    await testId('dashboard-budget-used').waitFor();
    expect(await text('dashboard-budget-used')).toMatch(/^[\d,]+ of 10,000 calls used today/);
    await testId('dashboard-run').nth(2).waitFor();
    await checkBothSizes(page, 'dashboard');
  });

  it('contacts: "1–50 of N" and cards instead of a squeezed table on a phone', async () => {
    await page.goto(url('/contacts'));
    await testId('range').waitFor();
    // The page's rows and their count are two requests: "1–50" shows first, "of N" when the count answers.
    await page.waitForFunction(() => / of /.test(document.querySelector('[data-testid="range"]')?.textContent ?? ''), undefined, {
      timeout: 10_000,
    });
    expect(await text('range')).toMatch(/^1–50 of [\d,]+$/);
    await checkBothSizes(page, 'contacts', () => testId('contact-row').first().waitFor());
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // The email has room: it is not squeezed to a few characters.
    const email = (await page.locator('.email-cell').first().boundingBox())!;
    expect(email.width).toBeGreaterThan(200);
    await page.setViewportSize(DESKTOP);
  });

  it('contact record: phone checked as typed; a linked opt-out asks first, then Do Not Email locks with a resubscribe offer', async () => {
    const {
      rows: [contact],
    } = await db.query(
      `SELECT id, email FROM contacts
        WHERE ctct_contact_id IS NOT NULL AND NOT do_not_email AND deleted_at IS NULL ORDER BY sort_name LIMIT 1`,
    );
    await page.goto(url(`/contacts/${contact.id}`));
    await testId('phone').waitFor();
    await testId('phone').fill('abc');
    await testId('phone-error').filter({ hasText: 'Enter a phone number of 6 to 15 digits' }).waitFor();
    await testId('cancel').click();
    // The CC card names the lists.
    await testId('ctct-permission').waitFor();

    await testId('do-not-email').getByRole('switch').click();
    await testId('confirm-consequences').filter({ hasText: 'only the person can opt back in' }).waitFor();
    await checkBothSizes(page, 'contact-optout-confirm');
    await testId('confirm-ok').click();
    await testId('do-not-email-state').getByText('Saved').waitFor();
    await testId('push-state').filter({ hasText: 'Unsubscribed in Constant Contact' }).waitFor({ timeout: 20_000 });
    const ctctId = (await db.query('SELECT ctct_contact_id FROM contacts WHERE id = $1', [contact.id])).rows[0].ctct_contact_id;
    expect(stack.sandbox!.control.getContact(ctctId)!.email_address.permission_to_send).toBe('unsubscribed');
    optedOut = ctctId;

    // CC now says unsubscribed: the switch cannot be turned off, and the re-subscribe email is offered.
    await testId('resubscribe-offer').waitFor();
    expect(await testId('do-not-email').getByRole('switch').isDisabled()).toBe(true);
    expect(await text('do-not-email-hint')).toContain('Constant Contact has this person unsubscribed, so Do Not Email stays on');
    await checkBothSizes(page, 'contact-unsubscribed-locked');
  });

  it('a contact not in Constant Contact: no stale "delivered" line after switching Do Not Email back off', async () => {
    const { rows } = await db.query(
      `SELECT id, email FROM contacts
        WHERE ctct_contact_id IS NULL AND NOT do_not_email AND deleted_at IS NULL AND email ~ '^\\S+@\\S+\\.[a-z]+$'
        ORDER BY sort_name LIMIT 50`,
    );
    const contact = rows.find((row) => !stack.sandbox!.control.findContactByEmail(row.email))!;
    await page.goto(url(`/contacts/${contact.id}`));
    const toggle = testId('do-not-email').getByRole('switch');
    await toggle.waitFor();
    await toggle.click(); // not linked: nothing changes in CC, so no question
    await testId('push-state')
      .filter({ hasText: 'Not in Constant Contact, so there was nothing to unsubscribe there' })
      .waitFor({ timeout: 20_000 });
    await toggle.click();
    await testId('do-not-email-state').getByText('Saved').waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('push-state').count()).toBe(0);
    await checkBothSizes(page, 'contact-not-in-cc');
  });

  it('lists: a row opens the list', async () => {
    await page.goto(url('/lists'));
    await testId('list-row').first().waitFor();
    await checkBothSizes(page, 'lists', () => testId('list-row').first().waitFor());
    const name = (await testId('list-row').first().locator('.name').textContent())!.trim();
    await testId('list-row').first().click();
    await testId('list-detail').waitFor();
    expect(await page.locator('#list-title').textContent()).toContain(name);
    await checkBothSizes(page, 'list-detail');
  });

  it('bulk wizard: named checkboxes, a taken list name refused as it is typed, the preview in the one wording', async () => {
    await page.goto(url('/bulk-memberships'));
    await testId('select-row-checkbox').first().waitFor();
    const labels = await testId('select-row-checkbox')
      .locator('input')
      .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('aria-label')));
    expect(labels.every((label) => !!label && label.startsWith('Select '))).toBe(true);
    await checkBothSizes(page, 'bulk-select', () => testId('select-row').first().waitFor());

    await testId('select-row-checkbox').first().locator('input').check();
    await testId('to-list-step').click();
    await testId('list-option').first().waitFor();
    const existing = (await testId('list-option').first().textContent())!.trim();
    await testId('new-list-toggle').locator('input').check();
    await testId('new-list-name').fill(existing.toUpperCase());
    await testId('new-list-name-error')
      .filter({ hasText: `already has a list called “${existing}”` })
      .waitFor();
    expect(await testId('to-preview-step').isDisabled()).toBe(true);
    await checkBothSizes(page, 'bulk-list-taken');
    await testId('use-existing-list').click();
    await testId('to-preview-step').click();
    await testId('preview-counts').waitFor();
    expect(await text('preview-counts')).not.toMatch(/add_linked|link_and_add|skip_/);
    await checkBothSizes(page, 'bulk-preview');
  });

  it('sync: a failed run says why in words, with the technical message under Details', async () => {
    const {
      rows: [run],
    } = await db.query(
      `INSERT INTO sync_runs (job, trigger, status, status_reason, started_at, finished_at, attempts)
       VALUES ('activities', 'manual', 'failed', 'Constant Contact getActivityStatusCollection failed: ECONNREFUSED (after 5 attempts)',
               now() - interval '2 minutes', now() - interval '1 minute', 1)
       RETURNING id`,
    );
    await page.goto(url('/sync'));
    await testId('run-row').first().waitFor();
    expect(await page.locator('body').textContent()).not.toContain('ECONNREFUSED');
    await checkBothSizes(page, 'sync-runs', () => testId('run-row').first().waitFor());

    await page.goto(url(`/sync/runs/${run.id}`));
    await testId('run-status-reason').waitFor();
    expect(await text('run-status-reason')).toMatch(/^Constant Contact could not be reached\. Try again in a few minutes/);
    await testId('run-status-reason').getByText('Details').click();
    await testId('message-details').filter({ hasText: 'ECONNREFUSED' }).waitFor();
    await checkBothSizes(page, 'sync-run-failed');
  });

  it('campaigns: the latest charted without a click, the cross-campaign trend, unique vs total explained, readable at 390 px', async () => {
    await page.goto(url('/campaigns'));
    await testId('campaign-trend').waitFor();
    await testId('campaign-chart').locator('g.series').first().waitFor();
    await testId('unique-vs-total').waitFor();
    expect(new URL(page.url()).search).toBe('');
    await checkBothSizes(page, 'campaigns', () => testId('campaign-chart').locator('g.series').first().waitFor());

    // On a phone the charts are drawn at their size, so their 11 px labels stay 11 px.
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(500);
    for (const chart of ['campaign-chart', 'campaign-trend']) {
      const scale = await testId(chart)
        .locator('svg')
        .evaluate((svg) => svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width);
      expect(scale).toBeGreaterThan(0.95);
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
  });

  it('API log: All / Constant Contact, To ≥ From, entry URLs, users by email, cut bodies marked, Status visible on a phone', async () => {
    await page.goto(url('/api-log'));
    await testId('api-log-row').first().waitFor();
    await testId('filter-system').click();
    expect((await page.getByRole('option').allTextContents()).map((o) => o.trim())).toEqual(['All', 'Constant Contact']);
    await page.keyboard.press('Escape');

    await testId('filter-from').fill('2026-11-20T10:00');
    await testId('filter-from').dispatchEvent('change');
    await testId('filter-to').fill('2026-11-19T10:00');
    await testId('filter-to').dispatchEvent('change');
    await testId('filter-to-error').waitFor();
    await checkBothSizes(page, 'api-log-date-check');
    await testId('filter-from').fill('');
    await testId('filter-to').fill('');
    await page.goto(url('/api-log'));

    // The opt-out above was the admin's doing: the call shows who by email. Found by the contact's CC id (convergence
    // opts out the demo's other Do Not Email contacts), and among its PUTs by the body: convergence also pushes the
    // CRM's name to that contact, a call no user made.
    const { rows: puts } = await db.query(
      `SELECT request_body::text LIKE '%"permission_to_send":"unsubscribed"%' AS opt_out FROM api_call_log
        WHERE operation = 'putContact' AND path LIKE '%' || $1 ORDER BY created_at DESC, id DESC`,
      [optedOut],
    );
    const optOutRow = puts.findIndex((put) => put.opt_out);
    expect(optOutRow).toBeGreaterThanOrEqual(0);
    await testId('filter-text').fill(optedOut);
    await testId('filter-text').press('Enter');
    await page.waitForFunction(
      (count) =>
        [...document.querySelectorAll('[data-testid="api-log-row"]')].filter((row) => /putContact/.test(row.textContent ?? '')).length ===
        count,
      puts.length,
    );
    await testId('api-log-row').filter({ hasText: 'putContact' }).nth(optOutRow).click();
    await page.waitForURL((u) => u.searchParams.has('entry'));
    await testId('log-detail-user').filter({ hasText: E2E_ADMIN.email }).waitFor();
    const entryUrl = page.url();

    // A page of 500 contacts is more than the log keeps of a body; its link opens it.
    const {
      rows: [big],
    } = await db.query(`SELECT id::text FROM api_call_log WHERE response_body LIKE '%…[cut at % bytes]' ORDER BY id DESC LIMIT 1`);
    await page.goto(url(`/api-log?entry=${big.id}`));
    await testId('log-detail-response-truncated').waitFor();
    expect(await text('log-detail-response-truncated')).toMatch(/^Truncated at 8 KB of [\d.]+ (KB|MB)$/);
    expect(await testId('log-detail-response').evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
    await testId('log-detail-copy-response').click();
    expect((await page.evaluate(() => navigator.clipboard.readText())).startsWith('{')).toBe(true);
    // The "copied" snack bar fades out: scan once it is gone (a half-faded label fails contrast while it fades).
    await page.locator('mat-snack-bar-container').waitFor({ state: 'detached', timeout: 10_000 });
    await checkBothSizes(page, 'api-log-entry');

    // The entry's own URL opens it again.
    await page.goto(entryUrl);
    await testId('log-detail-user').filter({ hasText: E2E_ADMIN.email }).waitFor();
    await testId('log-detail-close').click();
    await page.waitForURL((u) => !u.searchParams.has('entry'));

    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    const status = (await testId('api-log-row').first().getByTestId('log-status').boundingBox())!;
    expect(status.x + status.width).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
    await checkBothSizes(page, 'api-log', () => testId('api-log-row').first().waitFor());
  });

  it('disconnecting asks first and says what happens', async () => {
    await page.goto(url('/settings'));
    await testId('disconnect').click();
    await testId('confirm-consequences').filter({ hasText: 'Nothing is deleted' }).waitFor();
    await checkBothSizes(page, 'disconnect-confirm');
    await testId('confirm-cancel').click();
    await testId('connection-state')
      .filter({ hasText: /^\s*Connected\s*$/ })
      .waitFor();
  });

  it('keyboard: skip link, then a row opens with Enter', async () => {
    await page.goto(url('/contacts'));
    await testId('contact-row').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await testId('contact-row').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  });
});
