import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ContactCtctStatusDto, ContactDto, DoNotEmailStateDto, PushDto } from '@ctct/shared-types';
import { ConnectionStatusService } from '../../core/connection-status.service';
import { unsavedChangesGuard } from '../../core/unsaved-changes';
import {
  SYNCED_LISTS,
  aContact,
  aCtctStatus,
  aDisconnectedConnection,
  aDneState,
  anEngagement,
  aPage,
  byTestId,
  httpMock,
  nextRequest,
  provideTestApp,
  typeInto,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { ContactRecordPage } from './contact-record.page';

@Component({ template: 'list page' })
class ListPage {}

const isPatch = (r: { method: string; url: string }) => r.method === 'PATCH' && r.url === '/api/contacts/c-1';
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const toggle = (root: HTMLElement) => byTestId(root, 'do-not-email').querySelector('button[role="switch"]') as HTMLButtonElement;

function aPush(overrides: Partial<PushDto> = {}): PushDto {
  return {
    id: 'p-1',
    kind: 'opt_out',
    status: 'delivered',
    outcome: 'unsubscribed in Constant Contact',
    lastError: null,
    attempts: 1,
    createdAt: '2026-11-23T10:00:00Z',
    deliveredAt: '2026-11-23T10:00:01Z',
    ...overrides,
  };
}

const isDneState = (r: { url: string }) => r.url === '/api/contacts/c-1/do-not-email';

/** What GET /api/contacts/:id/do-not-email says for this contact and CC status (the API's state machine, in short). */
function dneStateFor(contact: ContactDto, status: ContactCtctStatusDto): DoNotEmailStateDto {
  const ctctContactId = status.ctctContactId;
  if (status.permissionToSend === 'unsubscribed') {
    const message =
      "Your account unsubscribed them in Constant Contact. Only they can opt back in: send Constant Contact's re-subscribe email.";
    return aDneState({ state: 'unsubscribed', doNotEmail: contact.doNotEmail, mayTurnOff: false, message, ctctContactId });
  }
  if (!contact.doNotEmail) return aDneState({ ctctContactId });
  return status.linked
    ? aDneState({ state: 'opt_out_queued', doNotEmail: true, message: 'On: the opt-out is queued for Constant Contact.', ctctContactId })
    : aDneState({ state: 'held_in_crm', doNotEmail: true, message: 'On, held in the CRM.', ctctContactId });
}

/** /contacts/c-1 with the contact, what CC says about it and its pushes; the unsaved-changes guard as in the app. */
async function openRecord(contact: ContactDto, status: ContactCtctStatusDto = aCtctStatus(), pushes: PushDto[] = []) {
  TestBed.configureTestingModule({
    providers: provideTestApp(
      [
        { path: 'contacts', component: ListPage },
        { path: 'contacts/:id', component: ContactRecordPage, canDeactivate: [unsavedChangesGuard] },
      ],
      { autoAnswer: [SYNCED_LISTS()] },
    ),
  });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl('/contacts/c-1');
  (await nextRequest((r) => r.url === '/api/contacts/c-1')).flush(contact);
  (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(status);
  (await nextRequest(isDneState)).flush(dneStateFor(contact, status));
  (await nextRequest((r) => r.url === '/api/contacts/c-1/engagement')).flush(anEngagement());
  (await nextRequest((r) => r.url === '/api/contacts/c-1/interactions')).flush(aPage([]));
  (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush(pushes);
  // A delivered opt-out makes the card read CC's status, and the record the Do Not Email state, again.
  if (pushes[0]?.status === 'delivered') {
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(status);
    (await nextRequest(isDneState)).flush(dneStateFor(contact, status));
  }
  await harness.fixture.whenStable();
  return { harness, root: harness.fixture.nativeElement as HTMLElement, stable: () => harness.fixture.whenStable() };
}

const LINKED = aContact({ ctctContactId: 'cc-9' });
const LINKED_STATUS = aCtctStatus({ linked: true, ctctContactId: 'cc-9', permissionToSend: 'implicit' });
const UNSUBSCRIBED_STATUS = aCtctStatus({ linked: true, ctctContactId: 'cc-9', permissionToSend: 'unsubscribed' });

describe('ContactRecordPage — consent in Constant Contact', () => {
  afterEach(verifyNoOpenRequests);

  it('asks before unsubscribing a linked contact in Constant Contact, and sends nothing when cancelled', async () => {
    const { root, stable } = await openRecord(LINKED, LINKED_STATUS);
    toggle(root).click();
    await stable();

    expect(text(byTestId(document, 'confirm-message'))).toContain('also unsubscribes ada@example.com there');
    expect(text(byTestId(document, 'confirm-consequences'))).toContain('only the person can opt back in');
    byTestId<HTMLButtonElement>(document, 'confirm-cancel').click();
    await stable();

    httpMock().expectNone(isPatch);
    expect(toggle(root).getAttribute('aria-checked')).toBe('false');
  });

  it('turns Do Not Email on for a linked contact once confirmed', async () => {
    const { root, stable } = await openRecord(LINKED, LINKED_STATUS);
    toggle(root).click();
    await stable();
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();

    const patch = await nextRequest(isPatch);
    expect(patch.request.body).toEqual({ doNotEmail: true });
    const turnedOn = aContact({ ctctContactId: 'cc-9', doNotEmail: true });
    patch.flush({ contact: turnedOn, duplicateEmailContactIds: [] });
    (await nextRequest(isDneState)).flush(dneStateFor(turnedOn, LINKED_STATUS));
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([
      aPush({ status: 'pending', outcome: null, deliveredAt: null }),
    ]);
    await stable();
    expect(toggle(root).getAttribute('aria-checked')).toBe('true');
    expect(text(byTestId(root, 'push-state'))).toBe('Sending the opt-out to Constant Contact…');
    // Still pending: the page asks again a second later; end the test's interest there.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([aPush()]);
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(UNSUBSCRIBED_STATUS);
    (await nextRequest(isDneState)).flush(dneStateFor(turnedOn, UNSUBSCRIBED_STATUS));
    await stable();
    expect(text(byTestId(root, 'push-state'))).toContain('Unsubscribed in Constant Contact');
  });

  it('does not ask for an unlinked contact: nothing changes in Constant Contact', async () => {
    const { root, stable } = await openRecord(aContact(), aCtctStatus());
    toggle(root).click();
    (await nextRequest(isPatch)).flush({ contact: aContact({ doNotEmail: true }), duplicateEmailContactIds: [] });
    (await nextRequest(isDneState)).flush(dneStateFor(aContact({ doNotEmail: true }), aCtctStatus()));
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([]);
    await stable();
    expect(document.querySelector('[data-testid="confirm-ok"]')).toBeNull();
    expect(toggle(root).getAttribute('aria-checked')).toBe('true');
  });

  it('locks Do Not Email on when CC has the person unsubscribed, and offers the re-subscribe email', async () => {
    const { root } = await openRecord(aContact({ ctctContactId: 'cc-9', doNotEmail: true }), UNSUBSCRIBED_STATUS);
    expect(toggle(root).disabled).toBe(true);
    expect(toggle(root).getAttribute('aria-checked')).toBe('true');
    expect(text(byTestId(root, 'do-not-email-hint'))).toContain('Constant Contact has this person unsubscribed, so Do Not Email stays on');
    expect(byTestId<HTMLButtonElement>(root, 'resubscribe').disabled).toBe(false);
    expect(text(byTestId(root, 'dne-state'))).toContain("send Constant Contact's re-subscribe email");
  });

  it('keeps Do Not Email locked on while the re-subscribe email waits for the person to confirm', async () => {
    TestBed.configureTestingModule({
      providers: provideTestApp([{ path: 'contacts/:id', component: ContactRecordPage }], { autoAnswer: [SYNCED_LISTS()] }),
    });
    const harness = await RouterTestingHarness.create();
    void harness.navigateByUrl('/contacts/c-1');
    (await nextRequest((r) => r.url === '/api/contacts/c-1')).flush(aContact({ ctctContactId: 'cc-9', doNotEmail: true }));
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(UNSUBSCRIBED_STATUS);
    const message = 'Its re-subscribe email went to them: Do Not Email turns off once they confirm it (seen by the next link run).';
    (await nextRequest(isDneState)).flush(
      aDneState({ state: 'resubscribe_requested', doNotEmail: true, mayTurnOff: false, message, ctctContactId: 'cc-9' }),
    );
    (await nextRequest((r) => r.url === '/api/contacts/c-1/engagement')).flush(anEngagement());
    (await nextRequest((r) => r.url === '/api/contacts/c-1/interactions')).flush(aPage([]));
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([]);
    await harness.fixture.whenStable();
    const root = harness.fixture.nativeElement as HTMLElement;

    expect(toggle(root).disabled).toBe(true);
    expect(text(byTestId(root, 'do-not-email-hint'))).toContain('it turns off once they confirm it');
    expect(text(byTestId(root, 'dne-state'))).toContain(message);
    // The email already went: the record does not offer a second one.
    expect(root.querySelector('[data-testid="resubscribe"]')).toBeNull();
  });

  it('disables the re-subscribe email with the reason while Constant Contact is not connected', async () => {
    const { root, stable } = await openRecord(aContact({ ctctContactId: 'cc-9', doNotEmail: true }), UNSUBSCRIBED_STATUS);
    TestBed.inject(ConnectionStatusService).publish(aDisconnectedConnection());
    await stable();
    expect(byTestId<HTMLButtonElement>(root, 'resubscribe').disabled).toBe(true);
    expect(text(byTestId(root, 'resubscribe-blocked'))).toBe('Constant Contact is not connected: connect it first.');
  });

  it('drops an old "delivered" line once Do Not Email is off again on a contact not in CC', async () => {
    const notInCc = aPush({ outcome: 'not in Constant Contact: nothing to opt out' });
    const { root, stable } = await openRecord(aContact({ doNotEmail: true }), aCtctStatus(), [notInCc]);
    expect(text(byTestId(root, 'push-state'))).toContain('Not in Constant Contact, so there was nothing to unsubscribe there.');

    toggle(root).click();
    (await nextRequest(isPatch)).flush({ contact: aContact({ doNotEmail: false }), duplicateEmailContactIds: [] });
    (await nextRequest(isDneState)).flush(aDneState());
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([notInCc]);
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(aCtctStatus());
    (await nextRequest(isDneState)).flush(aDneState());
    await stable();

    expect(toggle(root).getAttribute('aria-checked')).toBe('false');
    expect(root.querySelector('[data-testid="push-state"]')).toBeNull();
  });

  it('refuses a phone number that is not one as it is typed', async () => {
    const { root, stable } = await openRecord(aContact());
    const phone = byTestId<HTMLInputElement>(root, 'phone');
    typeInto(phone, 'abc');
    await stable();
    expect(text(byTestId(root, 'phone-error'))).toBe('Enter a phone number of 6 to 15 digits, like +1 555 010 2030.');
    expect(phone.getAttribute('aria-invalid')).toBe('true');
  });

  it('asks before leaving with unsaved edits, and stays when the user keeps editing', async () => {
    const { harness, root, stable } = await openRecord(aContact());
    typeInto(byTestId<HTMLInputElement>(root, 'first-name'), 'Augusta');
    await stable();
    const router = TestBed.inject(Router);

    // A navigation waiting for the guard keeps the app busy: wait for the dialog rather than for stability.
    const asking = () =>
      // The newest dialog (a closing one may still be in the overlay).
      Array.from(document.querySelectorAll('[data-testid="confirm-message"]'))
        .filter((m) => m.textContent?.includes('not saved yet'))
        .at(-1);
    const dialog = async () => {
      for (let i = 0; i < 100 && !asking(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    const stay = router.navigateByUrl('/contacts');
    await dialog();
    expect(asking()).toBeTruthy();
    (asking()!.closest('mat-dialog-container')!.querySelector('[data-testid="confirm-cancel"]') as HTMLButtonElement).click();
    expect(await stay).toBe(false);
    expect(router.url).toBe('/contacts/c-1');

    await new Promise((r) => setTimeout(r, 200)); // the first dialog closes (animation)
    const leave = router.navigateByUrl('/contacts');
    await dialog();
    (asking()!.closest('mat-dialog-container')!.querySelector('[data-testid="confirm-ok"]') as HTMLButtonElement).click();
    expect(await leave).toBe(true);
    await harness.fixture.whenStable();
    expect(router.url).toBe('/contacts');
  });
});
