import { DEFAULT_ACCOUNT } from '@ctct/sandbox';
import type { Browser, Page } from 'playwright-core';
import { bodyOf, freshPagePerTest, launchBrowser } from './support/browser';
import * as flows from './support/flows';
import { RunningStack, startStack } from './support/stack';

/** Anything shaped like a JWT (the sandbox's access and refresh tokens are JWTs). */
const TOKEN_SHAPED = /eyJ[\w-]{5,}/;

describe('connecting Constant Contact (the sandbox) from the admin, in Chromium', () => {
  let stack: RunningStack;
  let sandboxUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      // CC's standard plan (the API's default), whatever budget the stack would otherwise give the API.
      startStack({ withSandbox: true, env: { CTCT_RATE_PER_SECOND: '4', CTCT_RATE_PER_DAY: '10000' } }),
      launchBrowser(),
    ]);
    if (!stack.sandbox) throw new Error('startStack({ withSandbox: true }) returned no sandbox');
    sandboxUrl = stack.sandbox.url;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  freshPagePerTest(
    () => browser,
    (next) => (page = next),
  );

  const onAdmin = (path: string | RegExp) => flows.onAdmin(stack.baseUrl, path);

  const signInAt = (path: string) => flows.signInAt(page, stack.baseUrl, path);

  async function waitForState(label: 'Connected' | 'Not connected' | 'Needs reconnect') {
    await page
      .getByTestId('connection-state')
      .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
      .waitFor();
  }

  /** Connect → the sandbox's sign-in page → consent → Allow or Deny → back on /settings. */
  const connectThroughSandbox = (decision: 'allow' | 'deny') => flows.connectThroughSandbox(page, stack.baseUrl, sandboxUrl, decision);

  const text = (testId: string) => flows.textOf(page, testId);

  it('connects through the sandbox consent page, shows the account and rate plan, then disconnects', async () => {
    await signInAt('/settings');
    await waitForState('Not connected');

    await connectThroughSandbox('allow');

    await waitForState('Connected');
    await page.getByTestId('connection-message').filter({ hasText: 'Constant Contact is connected.' }).waitFor();
    expect(new URL(page.url()).search).toBe(''); // ?ctct=connected was cleared
    expect(await text('connection-account')).toContain(DEFAULT_ACCOUNT.organization_name);
    expect(await text('connection-expiry')).toMatch(/^in \d+ (h|min|days) \(/);
    expect(await text('connection-budget')).toContain('4 requests/s');
    expect(await page.getByTestId('connection-banner').count()).toBe(0);

    await page.getByTestId('disconnect').click();
    await page.getByTestId('confirm-consequences').filter({ hasText: 'Scheduled syncs are skipped' }).waitFor();
    await page.getByTestId('confirm-ok').click();

    await waitForState('Not connected');
    await page.getByTestId('connect').waitFor();
    expect(await page.getByTestId('disconnect').count()).toBe(0);
  });

  it('comes back with the refusal when the user denies access, still not connected', async () => {
    await signInAt('/settings');
    await waitForState('Not connected');

    await connectThroughSandbox('deny');

    await page.getByTestId('connection-message').waitFor();
    expect(await text('connection-message')).toMatch(/refused/i);
    expect(new URL(page.url()).search).toBe('');
    await waitForState('Not connected');
    await page.getByTestId('connect').waitFor();
  });

  it('logs the code exchange with the code redacted and never shows a token', async () => {
    await signInAt('/settings');
    await waitForState('Not connected');
    await connectThroughSandbox('allow');
    await waitForState('Connected');

    await page.getByTestId('nav-api-log').click();
    await page.waitForURL(onAdmin('/api-log'));
    await page.getByTestId('filter-text').fill('oauth');
    await page.getByTestId('filter-text').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'oauth');

    const row = page.getByTestId('api-log-row').filter({ hasText: 'oauth.token.authorization_code' }).first();
    await row.waitFor();
    expect(((await row.getByTestId('log-status').textContent()) ?? '').trim()).toBe('200');

    const detailResponse = page.waitForResponse((response) => /^\/api\/api-log\/[^/]+$/.test(new URL(response.url()).pathname));
    await row.click();
    const detail = await detailResponse;
    const detailJson = await bodyOf(detail, async () => (await page.request.get(detail.url())).text());
    await page.getByTestId('log-detail').waitFor();
    await page.getByTestId('log-detail-request').filter({ hasText: 'grant_type' }).waitFor();

    const requestBody = await page.getByTestId('log-detail-request').textContent();
    expect(requestBody).toMatch(/code"?\s*[=:]\s*"?\[redacted\]/);
    expect(await page.getByTestId('log-detail-response').textContent()).toContain('[redacted]');

    // No token anywhere: not in the page, not in what the admin fetched for it.
    expect(await page.content()).not.toMatch(TOKEN_SHAPED);
    expect(detailJson).not.toMatch(TOKEN_SHAPED);
    const connection = await page.request.get(`${stack.baseUrl}/api/ctct/connection`);
    expect(connection.status()).toBe(200);
    const connectionJson = await connection.text();
    expect(JSON.parse(connectionJson).state).toBe('connected');
    expect(connectionJson).not.toMatch(TOKEN_SHAPED);

    await page.getByTestId('log-detail-close').click();
    await page.getByTestId('log-detail').waitFor({ state: 'hidden' });
  });
});
