import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { ConnectionStatusService } from '../../core/connection-status.service';
import {
  answerSettingsCards,
  aConnection,
  aDisconnectedConnection,
  apiError,
  byTestId,
  httpMock,
  nextRequest,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { CTCT_URLS, CtctConnectionApi } from '../data-access/ctct-connection.api';
import { SettingsPage } from './settings.page';

const HOUR = 3_600_000;
const isGet = (r: { method: string; url: string }) => r.method === 'GET' && r.url === CTCT_URLS.connection;
const isDisconnect = (r: { method: string; url: string }) => r.method === 'POST' && r.url === CTCT_URLS.disconnect;

async function setUp(url = '/settings') {
  TestBed.configureTestingModule({ providers: provideTestApp([{ path: 'settings', component: SettingsPage }]) });
  const harness = await RouterTestingHarness.create();
  // Not awaited: the page's request keeps the app unstable until the test answers it.
  void harness.navigateByUrl(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  const stable = () => harness.fixture.whenStable();
  return { harness, root, stable, router: TestBed.inject(Router) };
}

/** Opens /settings and answers GET /api/ctct/connection with `connection`. */
async function openWith(connection: CtctConnectionDto, url = '/settings') {
  const ctx = await setUp(url);
  (await nextRequest(isGet, 'GET /api/ctct/connection')).flush(connection);
  await answerSettingsCards();
  await ctx.stable();
  return ctx;
}

const has = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`) !== null;
const text = (root: HTMLElement, id: string) => byTestId(root, id).textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('SettingsPage', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    verifyNoOpenRequests();
  });

  it('shows "Not connected" with only Connect, the target and the rate plan', async () => {
    const { root } = await openWith(aDisconnectedConnection());

    expect(text(root, 'connection-state')).toBe('Not connected');
    expect(text(root, 'connection-target')).toBe('Sandbox');
    expect(text(root, 'connection-budget')).toBe('4 requests/s · 10,000/day — 0 used today (10,000 left)');
    expect(byTestId<HTMLButtonElement>(root, 'connect').disabled).toBe(false);
    expect(['reconnect', 'disconnect', 'connection-account', 'connection-expiry', 'quota-warning'].filter((id) => has(root, id))).toEqual(
      [],
    );
  });

  it('shows a connected account with token expiry, rate plan and only Disconnect', async () => {
    const expiresAt = new Date(Date.now() + 23.5 * HOUR).toISOString();
    const { root } = await openWith(aConnection({ target: 'constant-contact', accessTokenExpiresAt: expiresAt }));

    expect(text(root, 'connection-state')).toBe('Connected');
    expect(text(root, 'connection-target')).toBe('Constant Contact');
    expect(text(root, 'connection-account')).toBe('Sandbox Organization · owner@sandbox.ctct.local');
    expect(text(root, 'connection-expiry')).toMatch(/^in 23 h \([A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2}\)$/);
    expect(text(root, 'connection-budget')).toBe('4 requests/s · 10,000/day — 1,234 used today (8,766 left)');
    expect(byTestId(root, 'connection-card').textContent).toContain('contact_data');
    expect(has(root, 'disconnect')).toBe(true);
    expect(has(root, 'connect') || has(root, 'reconnect')).toBe(false);
  });

  it('shows "Needs reconnect" with the reason, Reconnect and Disconnect', async () => {
    const { root } = await openWith(aConnection({ state: 'needs_reconnect', reason: 'The refresh token was revoked.' }));

    expect(text(root, 'connection-state')).toBe('Needs reconnect');
    expect(byTestId(root, 'connection-card').textContent).toContain('The refresh token was revoked.');
    expect(has(root, 'reconnect') && has(root, 'disconnect')).toBe(true);
    expect(has(root, 'connect')).toBe(false);
  });

  it('navigates the browser to /api/ctct/connect on Connect and Reconnect', async () => {
    const { root, stable } = await openWith(aConnection({ state: 'needs_reconnect' }));
    const startConnect = vi.spyOn(TestBed.inject(CtctConnectionApi), 'startConnect').mockImplementation(() => undefined);

    byTestId<HTMLButtonElement>(root, 'reconnect').click();
    await stable();

    expect(startConnect).toHaveBeenCalledTimes(1);
    expect(byTestId<HTMLButtonElement>(root, 'reconnect').disabled).toBe(true);
  });

  it('disables Connect and says which settings are missing when the API is not configured', async () => {
    const { root } = await openWith(aDisconnectedConnection({ configured: false }));

    expect(byTestId<HTMLButtonElement>(root, 'connect').disabled).toBe(true);
    expect(text(root, 'connection-not-configured')).toContain('CTCT_CLIENT_ID, CTCT_CLIENT_SECRET and CTCT_REDIRECT_URI');
  });

  it('warns when the daily quota is used up and says when calls resume', async () => {
    const until = new Date(Date.now() + 3.2 * HOUR).toISOString();
    const { root } = await openWith(
      aConnection({ budget: { perSecond: 4, perDay: 10_000, usedToday: 10_000, remainingToday: 0, quotaExhaustedUntil: until } }),
    );

    expect(text(root, 'quota-warning')).toMatch(/^Daily quota used up; calls resume at [A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2} \(in 3 h\)\.$/);
  });

  it('shows no quota warning while quota is left', async () => {
    const { root } = await openWith(aConnection());
    expect(has(root, 'quota-warning')).toBe(false);
  });

  it('confirms the success of the connect callback and removes ?ctct from the URL', async () => {
    const { root, router } = await openWith(aConnection(), '/settings?ctct=connected&tab=x');

    expect(text(root, 'connection-message')).toBe('Constant Contact is connected.');
    expect(document.body.textContent).toContain('Constant Contact connected'); // the snackbar
    expect(router.url).toBe('/settings?tab=x');
  });

  it('shows the refusal from the connect callback and removes ?ctct and ?reason from the URL', async () => {
    const { root, router } = await openWith(aDisconnectedConnection(), '/settings?ctct=error&reason=denied');

    expect(text(root, 'connection-message')).toBe(
      'Constant Contact connection was refused on the consent page. Connect again and choose Allow.',
    );
    expect(byTestId(root, 'connection-message').getAttribute('role')).toBe('alert');
    expect(router.url).toBe('/settings');
    expect(text(root, 'connection-state')).toBe('Not connected');
  });

  it('never shows text carried by the callback URL (a crafted link cannot put words on the page)', async () => {
    const { root } = await openWith(
      aDisconnectedConnection(),
      '/settings?ctct=error&reason=other&message=' + encodeURIComponent('Your account is locked: call +1 555 0100'),
    );

    expect(text(root, 'connection-message')).toBe('Constant Contact connection failed. Try connecting again.');
    expect(document.body.textContent).not.toContain('555 0100');
  });

  it('shows no callback message on a plain visit', async () => {
    const { root } = await openWith(aConnection());
    expect(has(root, 'connection-message')).toBe(false);
  });

  it('asks for confirmation before disconnecting, then POSTs and shows the new state', async () => {
    const { root, stable } = await openWith(aConnection());
    const status = TestBed.inject(ConnectionStatusService);
    expect(status.connection()?.state).toBe('connected');

    byTestId<HTMLButtonElement>(root, 'disconnect').click();
    await stable();
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain('Disconnect Constant Contact?');
    // It says what happens before anything does.
    const consequences = byTestId(document, 'confirm-consequences').textContent ?? '';
    expect(consequences).toContain('Scheduled syncs are skipped');
    expect(consequences).toContain('wait in the queue and are sent once you connect again');
    expect(consequences).toContain('Nothing is deleted');
    byTestId<HTMLButtonElement>(document, 'confirm-cancel').click();
    await stable();
    httpMock().expectNone(isDisconnect);

    byTestId<HTMLButtonElement>(root, 'disconnect').click();
    await stable();
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
    const post = await nextRequest(isDisconnect, 'POST /api/ctct/disconnect');
    post.flush(aDisconnectedConnection());
    await stable();

    expect(text(root, 'connection-state')).toBe('Not connected');
    expect(has(root, 'connect')).toBe(true);
    expect(status.connection()?.state).toBe('disconnected'); // the shell's banner follows at once
  });

  it('shows the load error with a Retry that asks again', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isGet)).flush(apiError(500, 'Database unavailable'), { status: 500, statusText: 'Server Error' });
    await answerSettingsCards();
    await stable();
    expect(text(root, 'connection-card')).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest(isGet)).flush(aConnection());
    await stable();
    expect(text(root, 'connection-state')).toBe('Connected');
  });
});
