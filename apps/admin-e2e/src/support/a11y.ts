import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR, saveScreenshot } from './browser';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export interface AxeResult {
  page: string;
  viewport: string;
  violations: AxeViolation[];
}

/** Every scan of the run, written to tmp/test-results/e2e/axe-results.json for the report. */
const results: AxeResult[] = [];

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on what the page shows now. axe is injected as a script
 * (evaluated by the test, not served by the app), so the app's CSP is not involved.
 */
export async function scanPage(page: Page, name: string): Promise<AxeResult> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const raw = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  });
  const viewport = page.viewportSize();
  const result: AxeResult = {
    page: name,
    viewport: viewport ? `${viewport.width}x${viewport.height}` : 'unknown',
    violations: raw.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
  };
  results.push(result);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(join(SCREENSHOT_DIR, 'axe-results.json'), JSON.stringify(results, null, 2));
  return result;
}

/** The violations a page must not have: serious or critical. */
export function seriousOrCritical(result: AxeResult): AxeViolation[] {
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * The page as it is now at 1440×900 and at 390×844: an axe scan at each and a screenshot of the whole content at each
 * (`<name>-1440.png`, `<name>-390.png` in tmp/test-results/e2e); fails on a serious or critical violation.
 * Leaves the page at desktop size.
 */
export async function checkBothSizes(page: Page, name: string, ready?: () => Promise<unknown>): Promise<void> {
  const failures: string[] = [];
  for (const [label, size] of [
    ['1440', DESKTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    // Let the breakpoint observers and charts lay out again.
    await page.waitForTimeout(350);
    if (ready) await ready();
    const result = await scanPage(page, `${name} (${label})`);
    // The shell scrolls inside its content pane, so a "full page" shot would stop at the viewport: make the viewport
    // as tall as the content for the shot (same width, so the same layout), then put it back.
    const contentHeight = await page.evaluate(() => {
      const pane = document.querySelector('mat-sidenav-content');
      return pane ? Math.ceil(pane.getBoundingClientRect().top + pane.scrollHeight) : document.documentElement.scrollHeight;
    });
    if (contentHeight > size.height) {
      await page.setViewportSize({ width: size.width, height: Math.min(contentHeight, 8000) });
      await page.waitForTimeout(150);
    }
    await saveScreenshot(page, `${name}-${label}`);
    if (contentHeight > size.height) await page.setViewportSize(size);
    for (const v of seriousOrCritical(result)) {
      failures.push(`${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).join(' | ')}`);
    }
  }
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
  expect(failures).toEqual([]);
}

/** Nothing wider than the viewport: the page reads without sideways scrolling. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
