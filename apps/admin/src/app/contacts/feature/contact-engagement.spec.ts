import { HttpRequest } from '@angular/common/http';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ContactCtctStatusDto, EngagementSummaryDto, InteractionDto, Page } from '@ctct/shared-types';
import {
  SYNCED_LISTS,
  aContact,
  aCtctStatus,
  aDneState,
  aList,
  anEngagement,
  anInteraction,
  aPage,
  allByTestId,
  apiError,
  byTestId,
  nextRequest,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { ContactRecordPage } from './contact-record.page';

@Component({ template: 'list page' })
class ListStub {}

const isInteractions = (r: HttpRequest<unknown>) => r.url === '/api/contacts/c-1/interactions';
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Opens /contacts/c-1 (linked) and answers its CC status, engagement and first page of Interactions. */
async function openRecord(answers: {
  status?: ContactCtctStatusDto;
  engagement?: EngagementSummaryDto;
  interactions?: Page<InteractionDto>;
}) {
  TestBed.configureTestingModule({
    providers: provideTestApp(
      [
        { path: 'contacts', component: ListStub },
        { path: 'contacts/:id', component: ContactRecordPage },
      ],
      { autoAnswer: [SYNCED_LISTS([aList({ listId: 'l-1', name: 'Newsletter' }), aList({ listId: 'l-2', name: 'Customers' })])] },
    ),
  });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl('/contacts/c-1');
  (await nextRequest((r) => r.url === '/api/contacts/c-1')).flush(aContact({ ctctContactId: 'cc-123' }));
  (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(answers.status ?? aCtctStatus());
  (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(aDneState());
  (await nextRequest((r) => r.url === '/api/contacts/c-1/engagement')).flush(answers.engagement ?? anEngagement());
  const first = await nextRequest(isInteractions);
  expect(first.request.params.get('cursor')).toBeNull();
  first.flush(answers.interactions ?? aPage([]));
  (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([]);
  await harness.fixture.whenStable();
  return { root: harness.fixture.nativeElement as HTMLElement, stable: () => harness.fixture.whenStable() };
}

const linked = (overrides: Partial<ContactCtctStatusDto> = {}) =>
  aCtctStatus({
    linked: true,
    ctctContactId: 'cc-123',
    permissionToSend: 'implicit',
    listIds: ['l-1', 'l-2'],
    syncedAt: '2026-11-23T01:00:00.000Z',
    ...overrides,
  });

describe('ContactRecordPage — Constant Contact and engagement', () => {
  afterEach(verifyNoOpenRequests);

  it('shows the link, permission to send, the lists by name and last sync of a linked contact', async () => {
    const { root } = await openRecord({ status: linked({ listIds: ['l-1', 'l-2', 'l-new'] }) });
    expect(text(byTestId(root, 'ctct-link'))).toContain('Linked to Constant Contact · CC contact id cc-123');
    expect(text(byTestId(root, 'ctct-permission'))).toBe('Implicit permission');
    const lists = allByTestId(byTestId(root, 'ctct-lists'), 'ctct-list');
    expect(lists.map(text)).toEqual(['Customers', 'Newsletter', 'A list not synced yet']);
    expect(lists[0].getAttribute('href')).toBe('/lists/l-2');
    expect(root.querySelector('[data-testid="ctct-optout"]')).toBeNull();
    expect(root.querySelector('[data-testid="ctct-deleted"]')).toBeNull();
    expect(root.querySelector('[data-testid="ctct-email-differs"]')).toBeNull();
  });

  it('says who opted out, when and why, and warns when the contact was deleted in CC', async () => {
    const { root } = await openRecord({
      status: linked({
        permissionToSend: 'unsubscribed',
        optOut: { source: 'Contact', date: '2026-11-03T12:00:00.000Z', reason: 'I no longer want these emails' },
        deletedInCtct: true,
      }),
    });
    expect(text(byTestId(root, 'ctct-permission'))).toBe('Unsubscribed');
    expect(text(byTestId(root, 'ctct-optout'))).toBe('Opted out by the contact on Nov 3, 2026: I no longer want these emails');
    expect(text(byTestId(root, 'ctct-deleted'))).toContain('Deleted in Constant Contact');
  });

  it('shows the Constant Contact address when it was changed there, and keeps showing the link', async () => {
    const { root } = await openRecord({ status: linked({ ctctEmail: 'new.address@example.com', emailDiffers: true }) });
    expect(text(byTestId(root, 'ctct-email-differs'))).toContain('Email in Constant Contact: new.address@example.com');
    expect(text(byTestId(root, 'ctct-link'))).toContain('Linked to Constant Contact');
  });

  it('shows the engagement summary and the timeline newest first, with the clicked link opening in a new tab', async () => {
    const { root } = await openRecord({
      status: linked(),
      engagement: anEngagement({ sends: 3, opens: 2, clicks: 1, bounces: 1, lastActivityAt: '2026-11-21T10:00:00.000Z' }),
      interactions: aPage([
        anInteraction({
          id: 'i-3',
          type: 'email_click',
          url: 'https://shop.example/sale',
          description: 'Clicked https://shop.example/sale in "Spring newsletter"',
        }),
        anInteraction({ id: 'i-2', type: 'email_bounce', bounceCode: 'F', description: '"Spring newsletter" bounced: mailbox full (F)' }),
        anInteraction({ id: 'i-1' }),
      ]),
    });

    const summary = text(byTestId(root, 'engagement-summary'));
    expect(summary).toMatch(/3\s*Sends\s*2\s*Opens\s*1\s*Clicks\s*1\s*Bounces\s*0\s*Opt-outs/);
    const items = allByTestId(root, 'interaction-item');
    expect(items.map((item) => item.getAttribute('data-type'))).toEqual(['email_click', 'email_bounce', 'email_send']);
    expect(text(items[0])).toContain('Clicked');
    expect(text(items[0])).toContain('Spring newsletter');
    const link = items[0].querySelector('a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://shop.example/sale');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(text(items[1])).toContain('code F');
    expect(text(items[2])).toContain('Sent');
    expect(root.querySelector('[data-testid="load-more-interactions"]')).toBeNull();
  });

  it('"Load more" asks for the next page with the cursor and appends it', async () => {
    const { root, stable } = await openRecord({ status: linked(), interactions: aPage([anInteraction({ id: 'i-9' })], 'cursor-abc') });
    expect(allByTestId(root, 'interaction-item')).toHaveLength(1);

    byTestId<HTMLButtonElement>(root, 'load-more-interactions').click();
    const more = await nextRequest(isInteractions, 'the next page');
    expect(more.request.params.get('cursor')).toBe('cursor-abc');
    more.flush(aPage([anInteraction({ id: 'i-8', type: 'email_open' })]));
    await stable();

    expect(allByTestId(root, 'interaction-item').map((item) => item.getAttribute('data-type'))).toEqual(['email_send', 'email_open']);
    expect(root.querySelector('[data-testid="load-more-interactions"]')).toBeNull();
  });

  it('says "No email engagement yet" when there are no Interactions', async () => {
    const { root } = await openRecord({});
    expect(text(byTestId(root, 'empty-state'))).toContain('No email engagement yet');
    expect(root.querySelector('[data-testid="interactions-timeline"]')).toBeNull();
  });

  it('shows an error with Retry when the engagement cannot be loaded', async () => {
    TestBed.configureTestingModule({
      providers: provideTestApp([{ path: 'contacts/:id', component: ContactRecordPage }], { autoAnswer: [SYNCED_LISTS()] }),
    });
    const harness = await RouterTestingHarness.create();
    void harness.navigateByUrl('/contacts/c-1');
    (await nextRequest((r) => r.url === '/api/contacts/c-1')).flush(aContact());
    (await nextRequest((r) => r.url === '/api/contacts/c-1/ctct')).flush(aCtctStatus());
    (await nextRequest((r) => r.url === '/api/contacts/c-1/do-not-email')).flush(aDneState());
    (await nextRequest((r) => r.url === '/api/contacts/c-1/engagement')).flush(apiError(500, 'Database unavailable'), {
      status: 500,
      statusText: 'Error',
    });
    (await nextRequest(isInteractions)).flush(aPage([]));
    (await nextRequest((r) => r.url === '/api/contacts/c-1/pushes')).flush([]);
    await harness.fixture.whenStable();
    const root = harness.fixture.nativeElement as HTMLElement;
    expect(text(byTestId(root, 'error-state'))).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest((r) => r.url === '/api/contacts/c-1/engagement')).flush(anEngagement({ sends: 1 }));
    (await nextRequest(isInteractions)).flush(aPage([anInteraction()]));
    await harness.fixture.whenStable();
    expect(allByTestId(root, 'interaction-item')).toHaveLength(1);
  });
});
