import { Component } from '@angular/core';
import { TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  SYNCED_LISTS,
  aContact,
  aCtctStatus,
  aDneState,
  aList,
  anEngagement,
  aPage,
  apiError,
  byTestId,
  nextRequest,
  provideTestApp,
  typeInto,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { ContactRecordPage } from './contact-record.page';

@Component({ template: 'list page' })
class ListStub {}

async function setUp(url: string) {
  TestBed.configureTestingModule({
    providers: provideTestApp(
      [
        { path: 'contacts', component: ListStub },
        { path: 'contacts/new', component: ContactRecordPage },
        { path: 'contacts/:id', component: ContactRecordPage },
      ],
      // The CC card names the contact's lists from the synced ones.
      { autoAnswer: [SYNCED_LISTS([aList({ listId: 'l-1', name: 'Newsletter' }), aList({ listId: 'l-2', name: 'Customers' })])] },
    ),
  });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl(url);
  const root = harness.fixture.nativeElement as HTMLElement;
  const stable = () => harness.fixture.whenStable();
  return { harness, root, stable, router: TestBed.inject(Router) };
}

/** Answers what the record asks once the contact is there: CC status, engagement summary, Interactions. */
async function answerEngagement(id: string, ctctContactId: string | null = null) {
  (await nextRequest((r) => r.url === `/api/contacts/${id}/ctct`)).flush(aCtctStatus({ ctctContactId, linked: !!ctctContactId }));
  (await nextRequest((r) => r.url === `/api/contacts/${id}/do-not-email`)).flush(aDneState());
  (await nextRequest((r) => r.url === `/api/contacts/${id}/engagement`)).flush(anEngagement());
  (await nextRequest((r) => r.url === `/api/contacts/${id}/interactions`)).flush(aPage([]));
  (await nextRequest((r) => r.url === `/api/contacts/${id}/pushes`)).flush([]);
}

/** Opens /contacts/:id and answers the GET with `contact` (and the engagement calls with nothing). */
async function openRecord(contact = aContact()) {
  const ctx = await setUp(`/contacts/${contact.id}`);
  const get = await nextRequest((r) => r.method === 'GET' && r.url === `/api/contacts/${contact.id}`);
  get.flush(contact);
  await answerEngagement(contact.id, contact.ctctContactId);
  await ctx.stable();
  return ctx;
}

const isPatch = (id: string) => (r: { method: string; url: string }) => r.method === 'PATCH' && r.url === `/api/contacts/${id}`;

/** Lets the zoneless scheduler render; `whenStable()` would not resolve while an HTTP call is open. */
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));

function toggleButton(root: HTMLElement): HTMLButtonElement {
  return byTestId(root, 'do-not-email').querySelector('button[role="switch"]') as HTMLButtonElement;
}

describe('ContactRecordPage', () => {
  afterEach(verifyNoOpenRequests);

  it('shows the contact in the form with its CC link and times', async () => {
    const { root } = await openRecord(aContact({ ctctContactId: 'cc-123' }));

    expect(byTestId<HTMLInputElement>(root, 'first-name').value).toBe('Ada');
    expect(byTestId<HTMLInputElement>(root, 'email').value).toBe('ada@example.com');
    expect(byTestId(root, 'ctct-link').textContent).toContain('cc-123');
    expect(byTestId(root, 'updated-at').textContent?.trim()).not.toBe('');
    expect(toggleButton(root).getAttribute('aria-checked')).toBe('false');
  });

  it('says "Not linked to Constant Contact" for an unlinked contact', async () => {
    const { root } = await openRecord(aContact({ ctctContactId: null }));
    expect(byTestId(root, 'ctct-link').textContent).toContain('Not linked to Constant Contact');
  });

  it('PATCHes only the fields that changed, as null when emptied', async () => {
    const { root, stable } = await openRecord();
    const save = byTestId<HTMLButtonElement>(root, 'save');
    expect(save.disabled).toBe(true);

    typeInto(byTestId<HTMLInputElement>(root, 'last-name'), 'Byron');
    typeInto(byTestId<HTMLInputElement>(root, 'job-title'), '   ');
    await stable();
    expect(save.disabled).toBe(false);
    save.click();

    const patch = await nextRequest(isPatch('c-1'));
    expect(patch.request.body).toEqual({ lastName: 'Byron', jobTitle: null });
    patch.flush({ contact: aContact({ lastName: 'Byron', jobTitle: null }), duplicateEmailContactIds: [] });
    await stable();

    expect(byTestId<HTMLInputElement>(root, 'last-name').value).toBe('Byron');
    expect(save.disabled).toBe(true);
  });

  it("follows a linked contact's name change to Constant Contact and says why it failed", async () => {
    const { root, stable } = await openRecord(aContact({ ctctContactId: 'cc-123' }));
    typeInto(byTestId<HTMLInputElement>(root, 'email'), 'taken@example.com');
    await stable();
    byTestId<HTMLButtonElement>(root, 'save').click();
    const saved = aContact({ ctctContactId: 'cc-123', email: 'taken@example.com' });
    (await nextRequest(isPatch('c-1'))).flush({ contact: saved, duplicateEmailContactIds: [] });
    const reason = 'another Constant Contact contact already has taken@example.com, so nothing was changed there';
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([
      { id: '9', kind: 'update', status: 'failed', outcome: null, lastError: reason, attempts: 1, createdAt: 'x', deliveredAt: null },
    ]);
    await stable();

    expect(byTestId(root, 'field-push').textContent).toContain('Name and email: not updated in Constant Contact.');
    // The API's own words stay under Details.
    expect(byTestId(byTestId(root, 'field-push'), 'push-state-details').textContent).toContain(reason);
  });

  it('shows a notice linking the other contacts that share the email after a save', async () => {
    const { root, stable } = await openRecord();
    typeInto(byTestId<HTMLInputElement>(root, 'email'), 'shared@example.com');
    await stable();
    byTestId<HTMLButtonElement>(root, 'save').click();

    (await nextRequest(isPatch('c-1'))).flush({
      contact: aContact({ email: 'shared@example.com' }),
      duplicateEmailContactIds: ['c-7', 'c-8'],
    });
    await stable();

    const notice = byTestId(root, 'duplicate-email-notice');
    expect(notice.textContent).toContain('2 other contacts share this email');
    expect(Array.from(notice.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['/contacts/c-7', '/contacts/c-8']);
  });

  it('shows 400 field errors under their fields and the others in a summary', async () => {
    const { root, stable } = await openRecord();
    typeInto(byTestId<HTMLInputElement>(root, 'email'), 'ada@example.org');
    typeInto(byTestId<HTMLInputElement>(root, 'phone'), '555 010 2030');
    await stable();
    byTestId<HTMLButtonElement>(root, 'save').click();

    (await nextRequest(isPatch('c-1'))).flush(
      apiError(400, 'Validation failed', [
        { field: 'email', message: 'must be a valid email address, like name@example.com' },
        { field: 'phone', message: 'Phone numbers need a country code' },
        { field: 'custom.x', message: 'is not a known field' },
      ]),
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();

    expect(byTestId(root, 'email-error').textContent).toContain('Email must be a valid email address, like name@example.com');
    expect(byTestId(root, 'phone-error').textContent).toContain('Phone numbers need a country code');
    expect(byTestId<HTMLInputElement>(root, 'email').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId(root, 'form-error').textContent).toContain('custom.x is not a known field');
  });

  it('does not send an invalid email or a too long name', async () => {
    const { root, stable } = await openRecord();
    typeInto(byTestId<HTMLInputElement>(root, 'email'), 'not-an-email');
    typeInto(byTestId<HTMLInputElement>(root, 'first-name'), 'x'.repeat(101));
    await stable();
    byTestId<HTMLButtonElement>(root, 'save').click();
    await stable();

    expect(byTestId(root, 'email-error').textContent).toContain('Enter an email address');
    expect(byTestId(root, 'first-name-error').textContent).toContain('at most 100 characters');
  });

  it('saves Do Not Email at once and shows Saved', async () => {
    const { root, stable } = await openRecord();
    toggleButton(root).click();
    await rendered();

    expect(byTestId(root, 'do-not-email-state').textContent).toContain('Saving…');
    const patch = await nextRequest(isPatch('c-1'));
    expect(patch.request.body).toEqual({ doNotEmail: true });
    patch.flush({ contact: aContact({ doNotEmail: true }), duplicateEmailContactIds: [] });
    (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(aDneState({ state: 'opt_out_queued', doNotEmail: true }));
    await rendered();

    expect(toggleButton(root).getAttribute('aria-checked')).toBe('true');
    expect(byTestId(root, 'do-not-email-state').textContent).toContain('Saved');

    // Then it follows the opt-out push to Constant Contact, and says what Do Not Email now means.
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([
      {
        id: '7',
        kind: 'opt_out',
        status: 'delivered',
        outcome: 'unsubscribed in Constant Contact',
        lastError: null,
        attempts: 1,
        createdAt: '2026-11-23T10:00:00Z',
        deliveredAt: '2026-11-23T10:00:01Z',
      },
    ]);
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(aCtctStatus({ permissionToSend: 'unsubscribed' }));
    const unsubscribed = 'Your account unsubscribed them in Constant Contact on 2026-11-23. Only they can opt back in.';
    (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(
      aDneState({ state: 'unsubscribed', doNotEmail: true, mayTurnOff: false, message: unsubscribed }),
    );
    await stable();
    expect(byTestId(root, 'push-state').textContent).toContain('Unsubscribed in Constant Contact');
    expect(byTestId(root, 'dne-state').textContent).toContain(unsubscribed);
  });

  it('shows a push that is still being retried, with the reason', async () => {
    const { root, stable } = await openRecord();
    toggleButton(root).click();
    (await nextRequest(isPatch('c-1'))).flush({ contact: aContact({ doNotEmail: true }), duplicateEmailContactIds: [] });
    (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(aDneState());
    await stable();
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([
      {
        id: '8',
        kind: 'opt_out',
        status: 'pending',
        outcome: null,
        lastError: 'Constant Contact getContact failed (503)',
        attempts: 2,
        createdAt: '2026-11-23T10:00:00Z',
        deliveredAt: null,
      },
    ]);
    await stable();
    const push = byTestId(root, 'push-state');
    expect(push.textContent).toContain(
      'Not in Constant Contact yet, retrying by itself (attempt 2). Constant ' + 'Contact had a problem on its side.',
    );
    // The API's own words stay under Details.
    expect(byTestId(push, 'push-state-details').textContent).toContain('getContact failed (503)');
  });

  it('reverts the Do Not Email toggle and says Failed when the save fails', async () => {
    const { root, stable } = await openRecord();
    toggleButton(root).click();

    const patch = await nextRequest(isPatch('c-1'));
    await rendered();
    expect(toggleButton(root).getAttribute('aria-checked')).toBe('true');
    patch.flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Service Unavailable' });
    (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(aDneState());
    // A refusal may mean CC's side changed: the card asks again.
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(aCtctStatus());
    await stable();

    expect(toggleButton(root).getAttribute('aria-checked')).toBe('false');
    expect(byTestId(root, 'do-not-email-state').textContent).toContain('Not saved, the previous value is back.');
    expect(byTestId(root, 'do-not-email-state').textContent).toContain('Database unavailable');
  });

  it('keeps unsaved form edits when Do Not Email is saved', async () => {
    const { root, stable } = await openRecord();
    typeInto(byTestId<HTMLInputElement>(root, 'first-name'), 'Augusta');
    await stable();
    toggleButton(root).click();
    (await nextRequest(isPatch('c-1'))).flush({ contact: aContact({ doNotEmail: true }), duplicateEmailContactIds: [] });
    (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(aDneState());
    await stable();
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([]);
    await stable();

    expect(byTestId<HTMLInputElement>(root, 'first-name').value).toBe('Augusta');
    expect(byTestId<HTMLButtonElement>(root, 'save').disabled).toBe(false);
  });

  it('shows "Contact not found" on 404', async () => {
    const { root, stable } = await setUp('/contacts/missing');
    (await nextRequest((r) => r.url === '/api/contacts/missing')).flush(apiError(404, 'Contact not found'), {
      status: 404,
      statusText: 'Not Found',
    });
    await stable();

    expect(byTestId(root, 'not-found').textContent).toContain('Contact not found');
    expect(root.querySelector('[data-testid="first-name"]')).toBeNull();
  });

  it('treats an id the API refuses as not a UUID (400 on id) as not found', async () => {
    const { root, stable } = await setUp('/contacts/not-a-uuid');
    (await nextRequest((r) => r.url === '/api/contacts/not-a-uuid')).flush(
      apiError(400, 'Validation failed', [{ field: 'id', message: 'must be a UUID' }]),
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();

    expect(byTestId(root, 'not-found').textContent).toContain('Contact not found');
  });

  it('shows the load error with Retry for other failures', async () => {
    const { root, stable } = await setUp('/contacts/c-1');
    (await nextRequest((r) => r.url === '/api/contacts/c-1')).flush(apiError(500, 'Database unavailable'), {
      status: 500,
      statusText: 'Server Error',
    });
    await stable();
    expect(byTestId(root, 'error-state').textContent).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest((r) => r.url === '/api/contacts/c-1')).flush(aContact());
    await answerEngagement('c-1');
    await stable();
    expect(byTestId<HTMLInputElement>(root, 'first-name').value).toBe('Ada');
  });

  it('creates a contact with POST and opens it', async () => {
    const { root, stable, router } = await setUp('/contacts/new');
    await stable();
    typeInto(byTestId<HTMLInputElement>(root, 'first-name'), 'Grace');
    typeInto(byTestId<HTMLInputElement>(root, 'email'), 'grace@example.com');
    await stable();
    byTestId<HTMLButtonElement>(root, 'save').click();

    const post: TestRequest = await nextRequest((r) => r.method === 'POST' && r.url === '/api/contacts');
    expect(post.request.body).toEqual({
      firstName: 'Grace',
      lastName: null,
      email: 'grace@example.com',
      jobTitle: null,
      phone: null,
      type: 'customer',
      doNotEmail: false,
    });
    post.flush(
      {
        contact: aContact({ id: 'c-9', firstName: 'Grace', lastName: null, email: 'grace@example.com' }),
        duplicateEmailContactIds: ['c-1'],
      },
      { status: 201, statusText: 'Created' },
    );
    (await nextRequest((r) => r.method === 'GET' && r.url === '/api/contacts/c-9')).flush(
      aContact({ id: 'c-9', firstName: 'Grace', lastName: null, email: 'grace@example.com' }),
    );
    await answerEngagement('c-9');
    await stable();

    expect(router.url).toBe('/contacts/c-9');
    expect(byTestId(root, 'duplicate-email-notice').textContent).toContain('1 other contact shares this email');
  });

  it('deletes after confirmation and goes back to the list', async () => {
    const { root, stable, router } = await openRecord();
    byTestId<HTMLButtonElement>(root, 'delete').click();
    await stable();
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();

    const del = await nextRequest((r) => r.method === 'DELETE' && r.url === '/api/contacts/c-1');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await stable();

    expect(router.url).toBe('/contacts');
  });
});
