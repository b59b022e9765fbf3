import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { APP_ROUTES } from '../../app.routes';
import { AUTH_URLS } from '../auth/auth.service';
import { allByTestId, byTestId, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';

describe('Shell', () => {
  afterEach(verifyNoOpenRequests);

  async function signedInAt(url: string) {
    TestBed.configureTestingModule({ providers: provideTestApp(APP_ROUTES) });
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl(url);
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
    await navigation;
    await harness.fixture.whenStable();
    return { harness, root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
  }

  it('shows the signed-in email, the six areas and a coming-soon page naming the feature', async () => {
    const { root } = await signedInAt('/bulk-memberships');

    expect(byTestId(root, 'user-email').textContent).toContain('admin@example.com');
    const links = allByTestId<HTMLAnchorElement>(root, 'nav-contacts').concat(
      ['lists', 'bulk-memberships', 'sync', 'api-log', 'settings'].map((p) => byTestId<HTMLAnchorElement>(root, `nav-${p}`)),
    );
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/contacts',
      '/lists',
      '/bulk-memberships',
      '/sync',
      '/api-log',
      '/settings',
    ]);
    expect(byTestId(root, 'nav-bulk-memberships').getAttribute('aria-current')).toBe('page');
    expect(byTestId(root, 'coming-soon').textContent).toContain('Bulk memberships is coming soon');
  });

  it('signs out from the toolbar', async () => {
    const { harness, root, router } = await signedInAt('/settings');
    byTestId<HTMLButtonElement>(root, 'sign-out').click();
    (await nextRequest((r) => r.url === AUTH_URLS.logout)).flush(null, { status: 204, statusText: 'No Content' });
    await harness.fixture.whenStable();

    expect(router.url).toBe('/login');
    expect(root.querySelector('[data-testid="sign-in"]')).not.toBeNull();
  });
});
