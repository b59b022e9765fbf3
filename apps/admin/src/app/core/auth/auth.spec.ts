import { Component } from '@angular/core';
import { HttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { CSRF_COOKIE, CSRF_HEADER } from '@ctct/shared-types';
import { RouterTestingHarness } from '@angular/router/testing';
import { firstValueFrom } from 'rxjs';
import { apiError, httpMock, nextRequest, provideTestApp, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { authGuard, guestGuard } from './auth.guard';
import { AUTH_URLS, AuthService, safeReturnUrl } from './auth.service';

@Component({ template: 'page' })
class PageStub {}

const ADMIN = { id: 'u1', email: 'admin@example.com', name: 'Admin' };

async function setUp() {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: 'login', component: PageStub, canActivate: [guestGuard] },
      { path: 'dashboard', component: PageStub, canActivate: [authGuard] },
      { path: 'contacts', component: PageStub, canActivate: [authGuard] },
      { path: 'lists', component: PageStub, canActivate: [authGuard] },
    ]),
  });
  const harness = await RouterTestingHarness.create();
  return { harness, router: TestBed.inject(Router), auth: TestBed.inject(AuthService) };
}

describe('auth guard and 401 handling', () => {
  afterEach(verifyNoOpenRequests);

  it('sends a visitor without a session to /login, keeping the URL to return to', async () => {
    const { harness, router } = await setUp();
    const navigation = harness.navigateByUrl('/contacts?type=lead');
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush(apiError(401, 'Unauthorized'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    await navigation;

    expect(router.url).toBe('/login?returnUrl=%2Fcontacts%3Ftype%3Dlead');
  });

  it('lets a signed-in user through and asks /me only once', async () => {
    const { harness, router } = await setUp();
    const first = harness.navigateByUrl('/contacts');
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush(ADMIN);
    await first;
    await harness.navigateByUrl('/lists');

    expect(router.url).toBe('/lists');
    httpMock().expectNone(AUTH_URLS.me);
  });

  it('keeps a signed-in user away from /login: to the dashboard', async () => {
    const { harness, router } = await setUp();
    const navigation = harness.navigateByUrl('/login');
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush(ADMIN);
    await navigation;

    expect(router.url).toBe('/dashboard');
  });

  it('goes to /login with the current URL when an API call answers 401', async () => {
    const { harness, router, auth } = await setUp();
    const navigation = harness.navigateByUrl('/lists?x=1');
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush(ADMIN);
    await navigation;

    const call = firstValueFrom(TestBed.inject(HttpClient).get('/api/contacts')).catch((e: unknown) => e);
    (await nextRequest((r) => r.url === '/api/contacts')).flush(apiError(401, 'Unauthorized'), {
      status: 401,
      statusText: 'Unauthorized',
    });
    await call;
    await harness.fixture.whenStable();

    expect(router.url).toBe('/login?returnUrl=%2Flists%3Fx%3D1');
    expect(auth.user()).toBeNull();
  });

  it('signs out: POST /api/auth/logout, forgets the user and shows /login', async () => {
    const { harness, router, auth } = await setUp();
    const navigation = harness.navigateByUrl('/contacts');
    (await nextRequest((r) => r.url === AUTH_URLS.me)).flush(ADMIN);
    await navigation;

    const done = firstValueFrom(auth.logout(), { defaultValue: undefined });
    const req = await nextRequest((r) => r.url === AUTH_URLS.logout);
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await done;
    await harness.fixture.whenStable();

    expect(auth.user()).toBeNull();
    expect(router.url).toBe('/login');
  });
});

describe('CSRF token', () => {
  afterEach(() => {
    document.cookie = `${CSRF_COOKIE}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    verifyNoOpenRequests();
  });

  it('sends the CSRF cookie back in X-CSRF-Token on state-changing API calls, and not on reads', async () => {
    TestBed.configureTestingModule({ providers: provideTestApp([]) });
    document.cookie = `${CSRF_COOKIE}=token-from-sign-in; path=/`;
    const http = TestBed.inject(HttpClient);

    const post = firstValueFrom(http.post('/api/contacts', { firstName: 'Ada' }));
    const sent = await nextRequest((r) => r.url === '/api/contacts' && r.method === 'POST');
    expect(sent.request.headers.get(CSRF_HEADER)).toBe('token-from-sign-in');
    sent.flush({});
    await post;

    const read = firstValueFrom(http.get('/api/contacts'));
    const got = await nextRequest((r) => r.url === '/api/contacts' && r.method === 'GET');
    expect(got.request.headers.has(CSRF_HEADER)).toBe(false);
    got.flush({});
    await read;
  });
});

describe('safeReturnUrl', () => {
  it('accepts paths of this app only', () => {
    expect(safeReturnUrl('/contacts?q=a')).toBe('/contacts?q=a');
    expect(safeReturnUrl('//evil.example.com')).toBeNull();
    expect(safeReturnUrl('/\\evil.example.com')).toBeNull();
    expect(safeReturnUrl('https://evil.example.com')).toBeNull();
    expect(safeReturnUrl('/login?returnUrl=/x')).toBeNull();
    expect(safeReturnUrl(undefined)).toBeNull();
  });
});
