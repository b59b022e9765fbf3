import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, type Routes } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { CtctConnectionDto } from '@ctct/shared-types';
import { APP_ROUTES } from '../../app.routes';
import { ALERTS_URL } from '../alerts/alerts.api';
import { AUTH_URLS } from '../auth/auth.service';
import { CONNECTION_STATUS_THROTTLE_MS } from '../connection-status.service';
import { CTCT_URLS } from '../../settings/data-access/ctct-connection.api';
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

  it('shows the signed-in email, the seven areas and the page', async () => {
    const { root } = await signedInAt(STUB_PATH);

    expect(byTestId(root, 'user-email').textContent).toContain('admin@example.com');
    const links = allByTestId<HTMLAnchorElement>(root, 'nav-contacts').concat(
      ['lists', 'bulk-memberships', 'sync', 'campaigns', 'api-log', 'settings'].map((p) => byTestId<HTMLAnchorElement>(root, `nav-${p}`)),
    );
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
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

  it('signs out from the toolbar', async () => {
    const { harness, root, router } = await signedInAt(STUB_PATH);
    byTestId<HTMLButtonElement>(root, 'sign-out').click();
    (await nextRequest((r) => r.url === AUTH_URLS.logout)).flush(null, { status: 204, statusText: 'No Content' });
    await harness.fixture.whenStable();

    expect(router.url).toBe('/login');
    expect(root.querySelector('[data-testid="sign-in"]')).not.toBeNull();
  });

  describe('needs-reconnect banner', () => {
    it('says why Constant Contact needs reconnecting and links to Settings', async () => {
      const { root } = await signedInAt(
        STUB_PATH,
        aConnection({ state: 'needs_reconnect', reason: 'The refresh token was revoked in Constant Contact.' }),
      );

      const banner = byTestId(root, 'reconnect-banner');
      expect(banner.textContent).toContain(
        'Constant Contact needs to be reconnected: The refresh token was revoked in Constant Contact. Syncs are paused.',
      );
      expect(banner.querySelector('a')?.getAttribute('href')).toBe('/settings');
      expect(banner.querySelector('a')?.textContent).toContain('Reconnect');
    });

    it.each([
      ['connected', aConnection()],
      ['disconnected', aDisconnectedConnection()],
    ])('is not shown when the connection is %s', async (_state, connection) => {
      const { root } = await signedInAt(STUB_PATH, connection);
      expect(root.querySelector('[data-testid="reconnect-banner"]')).toBeNull();
    });

    it('is not shown, and the page still works, when the status call fails', async () => {
      const { root } = await signedInAt(STUB_PATH, null);
      expect(root.querySelector('[data-testid="reconnect-banner"]')).toBeNull();
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

      expect(byTestId(root, 'reconnect-banner').textContent).toContain('reconnected: Token expired. Syncs are paused.');
    });

    it('disappears as soon as Settings disconnects', async () => {
      TestBed.configureTestingModule({ providers: provideTestApp(ROUTES) });
      const harness = await RouterTestingHarness.create();
      const navigation = harness.navigateByUrl('/settings');
      (await nextRequest((r) => r.url === AUTH_URLS.me)).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
      await navigation;
      (await nextRequest((r) => r.url === `${ALERTS_URL}/unread-count`)).flush({ unread: 0 });
      // On a fresh start the shell and the settings page both ask.
      const needsReconnect = aConnection({ state: 'needs_reconnect', reason: 'Token expired' });
      for (const req of await nextRequests(isConnection, 2)) req.flush(needsReconnect);
      await answerSettingsCards();
      await harness.fixture.whenStable();
      const root = harness.fixture.nativeElement as HTMLElement;
      expect(byTestId(root, 'reconnect-banner')).toBeTruthy();

      byTestId<HTMLButtonElement>(root, 'disconnect').click();
      await harness.fixture.whenStable();
      byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
      (await nextRequest((r) => r.method === 'POST' && r.url === CTCT_URLS.disconnect)).flush(aDisconnectedConnection());
      await harness.fixture.whenStable();

      expect(root.querySelector('[data-testid="reconnect-banner"]')).toBeNull();
      expect(byTestId(root, 'connection-state').textContent).toContain('Not connected');
    });
  });
});
