import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freshPagePerTest, launchBrowser } from './support/browser';
import { signInAt } from './support/flows';
import { RunningStack, startStack, WORKSPACE_ROOT } from './support/stack';

const PAGES = ['/contacts', '/lists', '/bulk-memberships', '/sync', '/campaigns', '/api-log', '/settings'];

/** The admin works under the API's Content-Security-Policy: no page needs an inline script or anything it forbids. */
describe('the admin under its Content-Security-Policy, in Chromium', () => {
  let stack: RunningStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  freshPagePerTest(
    () => browser,
    (next) => (page = next),
  );

  it('has no inline script or event handler in the built index.html', () => {
    const html = readFileSync(join(WORKSPACE_ROOT, 'dist/admin/browser/index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    expect(html.match(/\son[a-z]+\s*=/gi) ?? []).toEqual([]);
  });

  it('signs in and shows every page without a single CSP violation', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Refused to load: ${event.violatedDirective} ${event.blockedURI}`),
      ),
    );
    const response = await page.goto(`${stack.baseUrl}/login`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await signInAt(page, stack.baseUrl, '/contacts');
    for (const path of PAGES) {
      await page.getByTestId(`nav-${path.slice(1)}`).click();
      await page.waitForURL((url) => url.pathname === path);
      await page.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
  });
});
