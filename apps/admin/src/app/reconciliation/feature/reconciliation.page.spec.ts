import { HttpRequest } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { FixDriftPreviewDto } from '@ctct/shared-types';
import {
  aPage,
  aReconciledContact,
  aReconciliation,
  allByTestId,
  apiError,
  byTestId,
  nextRequest,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { ReconciliationPage } from './reconciliation.page';

const isSummary = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/reconciliation';
const isContacts = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/reconciliation/contacts';
const isPreview = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/reconciliation/fix-drift';
const isFix = (r: HttpRequest<unknown>) => r.method === 'POST' && r.url === '/api/reconciliation/fix-drift';
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

function aPreview(overrides: Partial<FixDriftPreviewDto> = {}): FixDriftPreviewDto {
  return {
    optOuts: 5,
    fieldUpdates: 0,
    fieldPushesAvailable: false,
    alreadyQueued: 0,
    cost: {
      apiCalls: 10,
      budget: { perSecond: 4, perDay: 10_000, usedToday: 1_234, remainingToday: 8_766, quotaExhaustedUntil: null },
      fitsToday: true,
    },
    ...overrides,
  };
}

async function setUp(url = '/reconciliation') {
  TestBed.configureTestingModule({ providers: provideTestApp([{ path: 'reconciliation', component: ReconciliationPage }]) });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl(url);
  return { root: harness.fixture.nativeElement as HTMLElement, router: TestBed.inject(Router) };
}

/** The page's two loads: the summary and the chosen class's first page. */
async function answerLoads(
  contacts = [
    aReconciledContact(),
    aReconciledContact({ contactId: 'c-2', email: 'bo@example.com', driftFields: ['doNotEmail'], doNotEmail: true }),
  ],
) {
  (await nextRequest(isSummary)).flush(aReconciliation());
  const page = await nextRequest(isContacts);
  page.flush(aPage(contacts, 'cursor-2'));
  await rendered();
  return page.request;
}

describe('ReconciliationPage', () => {
  afterEach(verifyNoOpenRequests);

  it('shows every class with its count, the drifting contacts with what differs, and what fixes them', async () => {
    const { root } = await setUp();
    const request = await answerLoads();
    expect(request.params.get('class')).toBe('drift');
    expect(request.params.get('limit')).toBe('50');

    expect(text(byTestId(root, 'total'))).toBe('1,000 CRM contacts with an email');
    expect(text(byTestId(root, 'class-in_agreement'))).toBe('900 Linked and in agreement');
    expect(byTestId(root, 'class-drift').getAttribute('aria-pressed')).toBe('true');
    expect(text(byTestId(root, 'class-fix'))).toBe('What fixes it: Fix drift queues the pushes.');
    expect(text(byTestId(root, 'field-firstName'))).toBe('First name 30');
    const rows = allByTestId(root, 'class-contact');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('ada@example.com');
    expect(text(rows[0])).toContain('differs in Constant Contact: first name');
    expect(rows[0].querySelector('.differs')?.textContent).toBe('Adah');
    expect(text(rows[1])).toContain('Do Not Email');
    const cells = Array.from(byTestId(root, 'list-counts-row').querySelectorAll('td')).map(text);
    expect(cells).toEqual(['Newsletter', '120', '3', '1,200', '1,198']);
    expect(byTestId<HTMLAnchorElement>(root, 'class-csv').getAttribute('href')).toBe('/api/reconciliation/contacts.csv?class=drift');
  });

  it('keeps the chosen class and drift field in the URL, asks for their contacts and pages through them', async () => {
    const { root, router } = await setUp();
    await answerLoads();

    byTestId<HTMLButtonElement>(root, 'field-doNotEmail').click();
    const byField = await nextRequest(isContacts);
    expect([byField.request.params.get('class'), byField.request.params.get('field')]).toEqual(['drift', 'doNotEmail']);
    byField.flush(aPage([aReconciledContact()], 'next'));
    await rendered();
    expect(router.url).toBe('/reconciliation?class=drift&field=doNotEmail');
    expect(byTestId<HTMLAnchorElement>(root, 'class-csv').getAttribute('href')).toBe(
      '/api/reconciliation/contacts.csv?class=drift&field=doNotEmail',
    );

    byTestId<HTMLButtonElement>(root, 'next-page').click();
    const second = await nextRequest(isContacts);
    expect(second.request.params.get('cursor')).toBe('next');
    second.flush(aPage([aReconciledContact({ contactId: 'c-3' })]));
    await rendered();
    expect(text(byTestId(root, 'page-number'))).toBe('Page 2');

    byTestId<HTMLButtonElement>(root, 'class-not_in_ctct').click();
    const other = await nextRequest(isContacts);
    expect([other.request.params.get('class'), other.request.params.get('field'), other.request.params.get('cursor')]).toEqual([
      'not_in_ctct',
      null,
      null,
    ]);
    other.flush(aPage([]));
    await rendered();
    expect(router.url).toBe('/reconciliation?class=not_in_ctct');
    expect(text(byTestId(root, 'empty-state'))).toContain('No contacts in this class');
    expect(root.querySelector('[data-testid="field-all"]')).toBeNull();
  });

  it("Fix drift shows the pushes and their cost against today's budget, queues them when confirmed and reloads", async () => {
    const { root } = await setUp();
    await answerLoads();
    byTestId<HTMLButtonElement>(root, 'fix-drift').click();
    (await nextRequest(isPreview)).flush(aPreview());
    await rendered();
    expect(text(document.querySelector('mat-dialog-content')!)).toBe(
      'Queue 5 opt-outs for Constant Contact: 10 API calls of the 8,766 left today (10,000 a day). ' +
        'Email and name drift (35 contacts) cannot be pushed yet.',
    );
    byTestId<HTMLButtonElement>(document, 'confirm-ok').click();
    (await nextRequest(isFix)).flush(
      { queuedOptOuts: 5, queuedFieldUpdates: 0, apiCalls: 10, message: 'Queued 5 opt-outs (10 Constant Contact calls).' },
      { status: 202, statusText: 'Accepted' },
    );
    (await nextRequest(isSummary, 'summary again')).flush(aReconciliation());
    (await nextRequest(isContacts, 'contacts again')).flush(aPage([aReconciledContact({ pushPending: true })]));
    await rendered();
    expect(text(byTestId(root, 'fix-message'))).toBe('Queued 5 opt-outs (10 Constant Contact calls).');
    expect(text(byTestId(root, 'class-contact'))).toContain('push queued');
  });

  it('Fix drift queues nothing when cancelled, and says so when there is nothing to queue', async () => {
    const { root } = await setUp();
    await answerLoads();
    byTestId<HTMLButtonElement>(root, 'fix-drift').click();
    (await nextRequest(isPreview)).flush(aPreview());
    await rendered();
    byTestId<HTMLButtonElement>(document, 'confirm-cancel').click();
    // The dialog closes (its animation ends) before the button is back.
    for (let i = 0; i < 100 && byTestId<HTMLButtonElement>(root, 'fix-drift').disabled; i++) await rendered();
    expect(root.querySelector('[data-testid="fix-message"]')).toBeNull();

    byTestId<HTMLButtonElement>(root, 'fix-drift').click();
    (await nextRequest(isPreview)).flush(aPreview({ optOuts: 0, alreadyQueued: 5 }));
    await rendered();
    expect(document.querySelector('mat-dialog-content')).toBeNull();
    expect(text(byTestId(root, 'fix-message'))).toBe(
      'Nothing to queue. 5 already have a push waiting. Email and name drift cannot be pushed yet.',
    );
  });

  it('shows the load error with Retry', async () => {
    const { root } = await setUp('/reconciliation?class=needs_review');
    (await nextRequest(isSummary)).flush(apiError(503, 'Database unavailable'), { status: 503, statusText: 'Unavailable' });
    const page = await nextRequest(isContacts);
    expect(page.request.params.get('class')).toBe('needs_review');
    page.flush(aPage([]));
    await rendered();
    expect(text(byTestId(root, 'error-state'))).toContain('Database unavailable');
    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest(isSummary)).flush(aReconciliation());
    (await nextRequest(isContacts)).flush(aPage([]));
    await rendered();
    expect(byTestId(root, 'class-needs_review').getAttribute('aria-pressed')).toBe('true');
  });
});
