import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Component } from '@angular/core';
import { AUTH_URLS } from '../core/auth/auth.service';
import { apiError, byTestId, httpMock, provideTestApp, typeInto, verifyNoOpenRequests } from '../../testing/test-helpers';
import { LoginPage } from './login.page';

@Component({ template: 'target page' })
class TargetPage {}

async function setUp(url = '/login') {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: 'login', component: LoginPage },
      { path: 'dashboard', component: TargetPage },
      { path: 'lists', component: TargetPage },
    ]),
  });
  const harness = await RouterTestingHarness.create(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  return { harness, root, router: TestBed.inject(Router) };
}

async function signIn(root: HTMLElement, harness: RouterTestingHarness) {
  typeInto(byTestId<HTMLInputElement>(root, 'email'), 'admin@example.com');
  typeInto(byTestId<HTMLInputElement>(root, 'password'), 'secret');
  byTestId<HTMLButtonElement>(root, 'sign-in').click();
  await harness.fixture.whenStable();
}

describe('LoginPage', () => {
  afterEach(verifyNoOpenRequests);

  it('shows the server message when the credentials are rejected with 401', async () => {
    const { harness, root, router } = await setUp();
    await signIn(root, harness);

    const req = httpMock().expectOne(AUTH_URLS.login);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'admin@example.com', password: 'secret' });
    req.flush(apiError(401, 'Email or password is wrong'), { status: 401, statusText: 'Unauthorized' });
    await harness.fixture.whenStable();

    expect(byTestId(root, 'login-error').textContent).toContain('Email or password is wrong');
    expect(router.url).toBe('/login');
    expect(byTestId<HTMLButtonElement>(root, 'sign-in').disabled).toBe(false);
  });

  it('clears "Email or password is wrong" as soon as the user edits either field', async () => {
    const { harness, root } = await setUp();
    await signIn(root, harness);
    httpMock().expectOne(AUTH_URLS.login).flush(apiError(401, 'Email or password is wrong'), { status: 401, statusText: 'Unauthorized' });
    await harness.fixture.whenStable();
    expect(byTestId(root, 'login-error').textContent).toContain('Email or password is wrong');

    typeInto(byTestId<HTMLInputElement>(root, 'password'), 's');
    await harness.fixture.whenStable();
    expect(root.querySelector('[data-testid="login-error"]')).toBeNull();
  });

  it('tells the user to wait after too many failed attempts (429)', async () => {
    const { harness, root } = await setUp();
    await signIn(root, harness);
    httpMock().expectOne(AUTH_URLS.login).flush(null, { status: 429, statusText: 'Too Many Requests' });
    await harness.fixture.whenStable();

    expect(byTestId(root, 'login-error').textContent).toContain('Too many failed attempts');
  });

  it('disables Sign in while submitting and then goes to the dashboard', async () => {
    const { harness, root, router } = await setUp();
    await signIn(root, harness);
    expect(byTestId<HTMLButtonElement>(root, 'sign-in').disabled).toBe(true);

    httpMock().expectOne(AUTH_URLS.login).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
    await harness.fixture.whenStable();

    expect(router.url).toBe('/dashboard');
  });

  it('goes back to the return URL after signing in', async () => {
    const { harness, root, router } = await setUp('/login?returnUrl=%2Flists%3Fx%3D1');
    await signIn(root, harness);
    httpMock().expectOne(AUTH_URLS.login).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
    await harness.fixture.whenStable();

    expect(router.url).toBe('/lists?x=1');
  });

  it('ignores a return URL pointing to another site', async () => {
    const { harness, root, router } = await setUp('/login?returnUrl=%2F%2Fevil.example.com');
    await signIn(root, harness);
    httpMock().expectOne(AUTH_URLS.login).flush({ id: 'u1', email: 'admin@example.com', name: 'Admin' });
    await harness.fixture.whenStable();

    expect(router.url).toBe('/dashboard');
  });

  it('does not call the API while email or password is empty', async () => {
    const { harness, root } = await setUp();
    byTestId<HTMLButtonElement>(root, 'sign-in').click();
    await harness.fixture.whenStable();
    httpMock().expectNone(AUTH_URLS.login);
  });
});
