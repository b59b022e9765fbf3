import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, type Routes } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { APP_ROUTES } from '../../app.routes';
import { ALERTS_URL } from '../alerts/alerts.api';
import { AUTH_URLS } from '../auth/auth.service';
import { CONNECTION_STATUS_THROTTLE_MS } from '../connection-status.service';
import { CTCT_URLS, CtctConnectionApi } from '../../settings/data-access/ctct-connection.api';
import {
  aConnection,
  aDisconnectedConnection,
  allByTestId,
  answerSettingsCards,
  apiError,
  byTestId,
  httpMock,
  nextRequest,
  nextRequests,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';

const isConnection = (r: { method: string; url: string }) => r.method === 'GET' && r.url === CTCT_URLS.connection;

/** A page that asks the API nothing, so these tests see only the shell's own requests. */
@Component({ template: `<p data-testid="stub-page">Stub page</p>` })
class StubPage {}
const STUB_PATH = '/shell-test-page';
const ROUTES: Routes = APP_ROUTES.map((route) =>
  route.children ? { ...route, children: [...route.children, { path: STUB_PATH.slice(1), component: StubPage }] } : route,
);

describe('Shell', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    verifyNoOpenRequests();
  });

  /** Signs in at `url`; the shell's connection check answers `connection` (or fails with 500 when null). */
  async function signedInAt(url: string, connection: CtctConnectionDto | null = aDisconnectedConnection()) {
    TestBed.configureTestingModule({ providers: provideTestApp(ROUTES) });
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl(url);
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
    await navigation;
    (await nextRequest((r) => r.url === `${ALERTS_URL}/unread-count`, 'GET /api/alerts/unread-count')).flush({ unread: 0 });
    const check = await nextRequest(isConnection, 'GET /api/ctct/connection');
    if (connection) check.flush(connection);
    else check.flush(apiError(500, 'Database unavailable'), { status: 500, statusText: 'Server Error' });
    await harness.fixture.whenStable();
    return { harness, root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
  }

  it('shows the signed-in email, the eight areas with the dashboard first, and the page', async () => {
    const { root } = await signedInAt(STUB_PATH);

    expect(byTestId(root, 'user-email').textContent).toContain('admin@example.com');
    const links = allByTestId<HTMLAnchorElement>(root, 'nav-dashboard').concat(
      ['contacts', 'lists', 'bulk-memberships', 'sync', 'campaigns', 'api-log', 'settings'].map((p) =>
        byTestId<HTMLAnchorElement>(root, `nav-${p}`),
      ),
    );
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/dashboard',
      '/contacts',
      '/lists',
      '/bulk-memberships',
      '/sync',
      '/campaigns',
      '/api-log',
      '/settings',
    ]);
    expect(byTestId(root, 'stub-page').textContent).toContain('Stub page');
  });

  it('links the Account page (change password, sign out everywhere) from the toolbar', async () => {
    const { root } = await signedInAt(STUB_PATH);
    const link = byTestId<HTMLAnchorElement>(root, 'nav-account');
    expect(link.getAttribute('href')).toBe('/account');
    expect(link.textContent?.trim()).toBe('Account');
  });

  it('signs out from the toolbar', async () => {
    const { harness, root, router } = await signedInAt(STUB_PATH);
    byTestId<HTMLButtonElement>(root, 'sign-out').click();
    (await nextRequest((r) => r.url === AUTH_URLS.logout)).flush(null, { status: 204, statusText: 'No Content' });
    await harness.fixture.whenStable();

    expect(router.url).toBe('/login');
    expect(root.querySelector('[data-testid="sign-in"]')).not.toBeNull();
  });

  describe('connection banner', () => {
    const banner = (root: HTMLElement) => byTestId(root, 'connection-banner');

    it('says Constant Contact needs signing in again, with the reason under Details, and Reconnect goes to its consent page', async () => {
      const startConnect = vi.spyOn(CtctConnectionApi.prototype, 'startConnect').mockImplementation(() => undefined);
      const { root } = await signedInAt(
        STUB_PATH,
        aConnection({ state: 'needs_reconnect', reason: 'Constant Contact refused the refresh token (invalid_grant)' }),
      );

      expect(banner(root).textContent).toContain(
        'Constant Contact needs you to sign in again. Syncs and pushes are ' + 'paused until you reconnect.',
      );
      expect(byTestId(banner(root), 'message-details').textContent).toContain('(invalid_grant)');
      const button = byTestId<HTMLButtonElement>(root, 'banner-connect');
      expect(button.textContent).toContain('Reconnect');
      button.click();
      expect(startConnect).toHaveBeenCalledTimes(1);
    });

    it('says "Not connected" on every page while nothing is connected, and Connect goes to the consent page', async () => {
      const startConnect = vi.spyOn(CtctConnectionApi.prototype, 'startConnect').mockImplementation(() => undefined);
      const { root } = await signedInAt(STUB_PATH, aDisconnectedConnection());

      expect(banner(root).textContent).toContain('Not connected to Constant Contact.');
      const button = byTestId<HTMLButtonElement>(root, 'banner-connect');
      expect(button.textContent).toContain('Connect');
      button.click();
      expect(startConnect).toHaveBeenCalledTimes(1);
    });

    it('disables Connect and says why when the server has no Constant Contact app keys', async () => {
      const { root } = await signedInAt(STUB_PATH, aDisconnectedConnection({ configured: false }));
      expect(byTestId<HTMLButtonElement>(root, 'banner-connect').disabled).toBe(true);
      expect(byTestId(root, 'banner-not-configured').textContent).toContain('CTCT_CLIENT_ID');
    });

    it('is not shown while connected', async () => {
      const { root } = await signedInAt(STUB_PATH, aConnection());
      expect(root.querySelector('[data-testid="connection-banner"]')).toBeNull();
    });

    it('is not shown, and the page still works, when the status call fails', async () => {
      const { root } = await signedInAt(STUB_PATH, null);
      expect(root.querySelector('[data-testid="connection-banner"]')).toBeNull();
      expect(byTestId(root, 'stub-page').textContent).toContain('Stub page');
      expect(byTestId(root, 'user-email').textContent).toContain('admin@example.com');
    });

    it('asks again after a navigation only once 30 s have passed', async () => {
      const start = Date.now();
      const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
      const { harness, root } = await signedInAt(STUB_PATH, aConnection());

      await harness.navigateByUrl(`${STUB_PATH}?page=2`);
      httpMock().expectNone(isConnection);

      clock.mockReturnValue(start + CONNECTION_STATUS_THROTTLE_MS + 1);
      const navigation = harness.navigateByUrl(`${STUB_PATH}?page=3`);
      (await nextRequest(isConnection)).flush(aConnection({ state: 'needs_reconnect', reason: 'Token expired' }));
      await navigation;
      await harness.fixture.whenStable();

      expect(banner(root).getAttribute('data-state')).toBe('needs_reconnect');
    });

    it('follows Settings at once: after Disconnect it says "Not connected"', async () => {
      TestBed.configureTestingModule({ providers: provideTestApp(ROUTES) });
      const harness = await RouterTestingHarness.create();
      const navigation = harness.navigateByUrl('/settings');
      (await nextRequest((r) => r.url === AUTH_URLS.me)).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
      await navigation;
      (await nextRequest((r) => r.url === `${ALERTS_URL}/unread-count`)).flush({ unread: 0 });
      // On a fresh start the shell and the settings page both ask.
      for (const req of await nextRequests(isConnection, 2)) req.flush(aConnection());
      await answerSettingsCards();
      await harness.fixture.whenStable();
      const root = harness.fixture.nativeElement as HTMLElement;
      expect(root.querySelector('[data-testid="connection-banner"]')).toBeNull();

      byTestId<HTMLButtonElement>(root, 'disconnect').click();
      await harness.fixture.whenStable();
      byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
      (await nextRequest((r) => r.method === 'POST' && r.url === CTCT_URLS.disconnect)).flush(aDisconnectedConnection());
      await harness.fixture.whenStable();

      expect(banner(root).getAttribute('data-state')).toBe('disconnected');
      expect(byTestId(root, 'connection-state').textContent).toContain('Not connected');
    });
  });
});
