import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
