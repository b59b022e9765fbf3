import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { apiError, byTestId, httpMock, nextRequest, provideTestApp, typeInto, verifyNoOpenRequests } from '../../../testing/test-helpers';
import { ACCOUNT_URLS } from '../data-access/account.api';
import { AccountPage, PASSWORD_CHANGED_MESSAGE } from './account.page';

@Component({ template: '<p data-testid="login-stub">Sign in</p>' })
class LoginStub {}

const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function setUp() {
  TestBed.configureTestingModule({
    providers: provideTestApp([
      { path: 'account', component: AccountPage },
      { path: 'login', component: LoginStub },
    ]),
  });
  const harness = await RouterTestingHarness.create('/account');
  return { harness, root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
}

async function fill(root: HTMLElement, values: { current?: string; next?: string; confirm?: string }) {
  if (values.current !== undefined) typeInto(byTestId<HTMLInputElement>(root, 'current-password'), values.current);
  if (values.next !== undefined) typeInto(byTestId<HTMLInputElement>(root, 'new-password'), values.next);
  if (values.confirm !== undefined) typeInto(byTestId<HTMLInputElement>(root, 'confirm-password'), values.confirm);
  await rendered();
}

const errorOf = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}-error"]`);

describe('AccountPage', () => {
  afterEach(verifyNoOpenRequests);

  it('has a page heading and a labelled heading per section', async () => {
    const { root } = await setUp();
    expect(text(root.querySelector('h1')!)).toBe('Account');
    expect(Array.from(root.querySelectorAll('h2')).map(text)).toEqual(['Change password', 'Sign out everywhere']);
    expect(Array.from(root.querySelectorAll('mat-label')).map(text)).toEqual(['Current password', 'New password', 'Confirm new password']);
  });

  it('says what is wrong with each field as it is typed, naming the field, and sends nothing while the form is invalid', async () => {
    const { root } = await setUp();
    await fill(root, { current: 'old password 1', next: 'short' });
    expect(text(errorOf(root, 'new-password')!)).toBe('New password must be at least 12 characters (5 so far).');
    expect(errorOf(root, 'confirm-password')).toBeNull();

    await fill(root, { next: 'old password 1' });
    expect(text(errorOf(root, 'new-password')!)).toBe('New password must differ from the current password.');

    await fill(root, { next: 'a long new passphrase', confirm: 'a long new passphrasx' });
    expect(errorOf(root, 'new-password')).toBeNull();
    expect(text(errorOf(root, 'confirm-password')!)).toBe('Confirm new password does not match the new password.');

    byTestId<HTMLButtonElement>(root, 'change-password').click();
    await rendered();
    httpMock().expectNone(ACCOUNT_URLS.password);
  });

  it('names every empty field when Change password is pressed on an empty form', async () => {
    const { root } = await setUp();
    byTestId<HTMLButtonElement>(root, 'change-password').click();
    await rendered();
    expect(text(errorOf(root, 'current-password')!)).toBe('Current password is required.');
    expect(text(errorOf(root, 'new-password')!)).toBe('New password is required.');
    expect(text(errorOf(root, 'confirm-password')!)).toBe('Confirm new password is required.');
    httpMock().expectNone(ACCOUNT_URLS.password);
  });

  it('changes the password, says other sessions were signed out and empties the form', async () => {
    const { root, router } = await setUp();
    await fill(root, { current: 'old password 1', next: 'a long new passphrase', confirm: 'a long new passphrase' });
    byTestId<HTMLButtonElement>(root, 'change-password').click();
    await rendered();
    expect(byTestId<HTMLButtonElement>(root, 'change-password').disabled).toBe(true);

    const req = httpMock().expectOne(ACCOUNT_URLS.password);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ currentPassword: 'old password 1', newPassword: 'a long new passphrase' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await rendered();

    expect(text(byTestId(root, 'password-changed'))).toBe(PASSWORD_CHANGED_MESSAGE);
    expect(PASSWORD_CHANGED_MESSAGE).toContain('Every other browser and device signed in as you was signed out');
    expect(byTestId<HTMLInputElement>(root, 'current-password').value).toBe('');
    expect(byTestId<HTMLInputElement>(root, 'new-password').value).toBe('');
    expect(errorOf(root, 'current-password')).toBeNull();
    expect(router.url).toBe('/account');
  });

  it('shows a refused current password under that field as a sentence, and clears it when the field is edited', async () => {
    const { root } = await setUp();
    await fill(root, { current: 'wrong password', next: 'a long new passphrase', confirm: 'a long new passphrase' });
    byTestId<HTMLButtonElement>(root, 'change-password').click();
    httpMock()
      .expectOne(ACCOUNT_URLS.password)
      .flush(
        apiError(400, 'currentPassword: is not your current password', [
          { field: 'currentPassword', message: 'is not your current password' },
        ]),
        {
          status: 400,
          statusText: 'Bad Request',
        },
      );
    await rendered();

    expect(text(errorOf(root, 'current-password')!)).toBe('Current password is not your current password.');
    expect(root.querySelector('[data-testid="password-error"]')).toBeNull();
    expect(root.querySelector('[data-testid="password-changed"]')).toBeNull();

    await fill(root, { current: 'old password 1' });
    expect(errorOf(root, 'current-password')).toBeNull();
  });

  it('says in words when the API refuses for another reason (too many attempts)', async () => {
    const { root } = await setUp();
    await fill(root, { current: 'old password 1', next: 'a long new passphrase', confirm: 'a long new passphrase' });
    byTestId<HTMLButtonElement>(root, 'change-password').click();
    httpMock().expectOne(ACCOUNT_URLS.password).flush(null, { status: 429, statusText: 'Too Many Requests' });
    await rendered();

    expect(text(byTestId(root, 'password-error'))).toBe('Too many attempts. Wait a minute, then try again.');
    expect(byTestId<HTMLButtonElement>(root, 'change-password').disabled).toBe(false);
  });

  it('asks before signing out everywhere, saying this browser is signed out too, and does nothing when cancelled', async () => {
    const { root, router } = await setUp();
    byTestId<HTMLButtonElement>(root, 'sign-out-everywhere').click();
    await rendered();

    expect(text(byTestId(document, 'confirm-message'))).toBe(
      'Every browser and device signed in as you is signed out, including this one.',
    );
    expect(text(byTestId(document, 'confirm-consequences'))).toContain('sign in again');
    byTestId<HTMLButtonElement>(document, 'confirm-cancel').click();
    // Long enough for the dialog to close and report its answer.
    await new Promise((resolve) => setTimeout(resolve, 100));

    httpMock().expectNone(ACCOUNT_URLS.logoutEverywhere);
    expect(router.url).toBe('/account');
  });

  it('signs out everywhere when confirmed and goes to the sign-in page', async () => {
    const { root, router } = await setUp();
    byTestId<HTMLButtonElement>(root, 'sign-out-everywhere').click();
    await rendered();
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
    await rendered();

    // The dialog reports its answer once its closing animation ends.
    const req = await nextRequest((r) => r.url === ACCOUNT_URLS.logoutEverywhere, 'POST logout-everywhere');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await rendered();

    expect(router.url).toBe('/login');
  });

  it('stays on the page with a sentence when signing out everywhere fails', async () => {
    const { root, router } = await setUp();
    byTestId<HTMLButtonElement>(root, 'sign-out-everywhere').click();
    await rendered();
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
    await rendered();
    (await nextRequest((r) => r.url === ACCOUNT_URLS.logoutEverywhere)).flush(null, { status: 0, statusText: 'Unknown Error' });
    await rendered();

    expect(text(byTestId(root, 'sign-out-everywhere-error'))).toBe('Cannot reach the server. Check your connection and retry.');
    expect(byTestId<HTMLButtonElement>(root, 'sign-out-everywhere').disabled).toBe(false);
    expect(router.url).toBe('/account');
  });
});
