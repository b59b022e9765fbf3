import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  aConsentEvent,
  aPage,
  allByTestId,
  byTestId,
  httpMock,
  nextRequest,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { ConsentTimelineCard } from './consent-timeline-card';

@Component({ imports: [ConsentTimelineCard], template: '<app-consent-timeline-card contactId="c-1" />' })
class Host {}

const isTimeline = (r: { method: string; url: string }) => r.method === 'GET' && r.url === '/api/contacts/c-1/consent';
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));

async function setUp() {
  TestBed.configureTestingModule({ providers: provideTestApp([{ path: '', component: Host }]) });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl('/');
  return harness.fixture.nativeElement as HTMLElement;
}

describe('ConsentTimelineCard', () => {
  afterEach(verifyNoOpenRequests);

  it("asks for nothing until opened, and offers the contact's CSV at once", async () => {
    const root = await setUp();
    expect(httpMock().match(isTimeline)).toHaveLength(0);
    expect(byTestId<HTMLAnchorElement>(root, 'consent-csv').getAttribute('href')).toBe('/api/consent/events.csv?contactId=c-1');
  });

  it('shows who did what and why, newest first, and the call that carried it; Load more appends the next page', async () => {
    const root = await setUp();
    byTestId<HTMLButtonElement>(root, 'consent-show').click();
    (await nextRequest(isTimeline)).flush(
      aPage(
        [
          aConsentEvent({
            id: 'e-3',
            kind: 'opt_out_delivered',
            actorType: 'integration',
            actorLabel: 'ctct-connect',
            source: 'push',
            reason: 'unsubscribed in Constant Contact',
            apiCallLogId: '812',
          }),
          aConsentEvent({ id: 'e-2', kind: 'opt_out_queued', reason: 'to unsubscribe them in Constant Contact' }),
        ],
        'next-1',
      ),
    );
    await rendered();
    const items = allByTestId(root, 'consent-event');
    expect(items.map((item) => item.getAttribute('data-kind'))).toEqual(['opt_out_delivered', 'opt_out_queued']);
    expect(text(items[0])).toContain('Unsubscribed in Constant Contact');
    expect(text(items[0])).toContain('ctct-connect · push delivery');
    expect(text(items[0])).toContain('Constant Contact call #812');
    expect(text(items[1])).toContain('admin@example.com · CRM');

    byTestId<HTMLButtonElement>(root, 'consent-load-more').click();
    const more = await nextRequest(isTimeline);
    expect(more.request.params.get('cursor')).toBe('next-1');
    more.flush(aPage([aConsentEvent({ id: 'e-1', kind: 'do_not_email_set' })]));
    await rendered();
    expect(allByTestId(root, 'consent-event').map((item) => item.getAttribute('data-kind'))).toEqual([
      'opt_out_delivered',
      'opt_out_queued',
      'do_not_email_set',
    ]);
    expect(root.querySelector('[data-testid="consent-load-more"]')).toBeNull();
  });

  it('says so when there is no event yet', async () => {
    const root = await setUp();
    byTestId<HTMLButtonElement>(root, 'consent-show').click();
    (await nextRequest(isTimeline)).flush(aPage([]));
    await rendered();
    expect(text(byTestId(root, 'empty-state'))).toContain('No consent events yet');
  });
});
