import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { WORKSPACE_ROOT } from './stack';

export const SCREENSHOT_DIR = join(WORKSPACE_ROOT, 'tmp/test-results/e2e');

/** The machine's Chromium (Playwright's own browser download does not work here), headless, no background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Every e2e test leaves a screenshot of where it ended under tmp/test-results/e2e. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Gives each test a fresh browser context and page at laptop size (hand it to the spec through `onPage`), and
 * saves a screenshot of where the test ended before closing it.
 */
export function freshPagePerTest(browser: () => Browser, onPage: (page: Page) => void): void {
  let context: BrowserContext;
  let page: Page;
  beforeEach(async () => {
    context = await browser().newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    onPage(page);
  });
  afterEach(async () => {
    await saveScreenshot(page, expect.getState().currentTestName ?? 'e2e');
    await context.close();
  });
}

/**
 * The body of a response the admin received. This machine's Chromium now and then drops a body from its buffers
 * before it is read, even when read at once ("No data found for resource", seen in CI on the API log and the bulk
 * preview); then `again` answers instead: the same read sent again, or the fact looked up where it is stored.
 */
export async function bodyOf(response: Response, again: () => Promise<string>): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (!/No data found for resource|Response body is not available/.test(String(error))) throw error;
    return again();
  }
}
