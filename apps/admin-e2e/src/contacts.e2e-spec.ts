import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { freshPagePerTest, launchBrowser } from './support/browser';
import { E2E_ADMIN, RunningStack, startStack } from './support/stack';

describe('the admin in Chromium, on the built app', () => {
  let stack: RunningStack;
  let browser: Browser;
  let page: Page;
  let db: Client;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    db = new Client({ connectionString: stack.database.url });
    await db.connect();
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

  async function signIn(password = E2E_ADMIN.password) {
    await page.goto(`${stack.baseUrl}/contacts`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('email').fill(E2E_ADMIN.email);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('sign-in').click();
  }

  it('sends a signed-out visitor to the login page and shows a wrong password', async () => {
    await signIn('not-the-password');
    await page.getByText(/wrong/i).waitFor();
    expect(page.url()).toContain('/login');
  });

  it('signs in, searches for a contact, opens it and saves Do Not Email so that it persists', async () => {
    const {
      rows: [target],
    } = await db.query(
      `SELECT id, email, first_name, last_name FROM contacts
        WHERE do_not_email = false AND email_normalized IS NOT NULL AND email = email_normalized
          AND email_normalized NOT IN (SELECT email_normalized FROM contacts WHERE email_normalized IS NOT NULL GROUP BY 1 HAVING count(*) > 1)
        ORDER BY sort_name LIMIT 1 OFFSET 100`,
    );

    await signIn();
    await page.waitForURL(/\/contacts/);
    await page.getByTestId('contact-row').first().waitFor();

    await page.getByTestId('search').fill(target.email);
    await page.getByTestId('search').press('Enter');
    const rows = page.getByTestId('contact-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 1);
    await rows.first().click();

    await page.waitForURL(new RegExp(`/contacts/${target.id}`));
    await expect(page.getByTestId('email').inputValue()).resolves.toBe(target.email);
    const toggle = page.getByTestId('do-not-email').getByRole('switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');

    await toggle.click();
    await page.getByTestId('do-not-email-state').getByText(/saved/i).waitFor();

    // It persisted: in the database, and after a reload of the record.
    const { rows: after } = await db.query('SELECT do_not_email FROM contacts WHERE id = $1', [target.id]);
    expect(after[0].do_not_email).toBe(true);
    await page.reload();
    await page.getByTestId('do-not-email').getByRole('switch').waitFor();
    expect(await page.getByTestId('do-not-email').getByRole('switch').getAttribute('aria-checked')).toBe('true');
  });
});
