import { SANDBOX_USER } from '@ctct/sandbox';
import { CSRF_COOKIE, CSRF_HEADER } from '@ctct/shared-types';
import type { Client } from 'pg';
import type { Page } from 'playwright-core';
import { E2E_ADMIN } from './stack';

/** Matches a URL of the admin at `path` (a pathname, or a pattern for it). */
export function onAdmin(baseUrl: string, path: string | RegExp): (url: URL) => boolean {
  const origin = new URL(baseUrl).origin;
  return (url) => url.origin === origin && (typeof path === 'string' ? url.pathname === path : path.test(url.pathname));
}

/** Opens `path` signed out, signs in on the login page it lands on, and waits to be back at `path`. */
export async function signInAt(page: Page, baseUrl: string, path: string, password = E2E_ADMIN.password): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/login/);
  await page.getByTestId('email').fill(E2E_ADMIN.email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(onAdmin(baseUrl, path.split('?')[0]));
}

/** Settings → Connect → the sandbox's sign-in → consent (Allow or Deny) → back on /settings. */
export async function connectThroughSandbox(
  page: Page,
  baseUrl: string,
  sandboxUrl: string,
  decision: 'allow' | 'deny' = 'allow',
): Promise<void> {
  await page.getByTestId('connect').click();
  await page.waitForURL((url) => url.href.startsWith(sandboxUrl));
  await page.locator('#email').fill(SANDBOX_USER.email);
  await page.locator('#password').fill(SANDBOX_USER.password);
  await page.locator('#sign-in').click();
  await page.locator(`#${decision}`).waitFor();
  await page.locator(`#${decision}`).click();
  await page.waitForURL(onAdmin(baseUrl, '/settings'));
}

/** The visible text of the first element with `testId`, whitespace collapsed. */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Well-formed, normalized emails of the CRM demo contacts: what a sandbox scenario makes CC contacts for. */
export async function demoEmails(db: Client, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ email: string }>(
    String.raw`SELECT DISTINCT lower(btrim(email)) AS email FROM contacts WHERE email ~ '^\s*\S+@\S+\.[a-z]+\s*$' ORDER BY 1 LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.email);
}

/** Headers for a state-changing `page.request` call: the CSRF token the admin would send (from the ctct_csrf cookie). */
export async function csrfHeaders(page: Page): Promise<Record<string, string>> {
  const token = (await page.context().cookies()).find((cookie) => cookie.name === CSRF_COOKIE)?.value;
  if (!token) throw new Error('no CSRF cookie: sign in first');
  return { [CSRF_HEADER]: token };
}
