import { HttpRequest } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import {
  aBudgetUsage,
  apiError,
  byTestId,
  httpMock,
  nextRequest,
  provideTestApp,
  typeInto,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { BUDGET_USAGE_URL } from '../data-access/budget-usage.api';
import { BudgetUsageCard } from './budget-usage-card';

const isUsage = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === BUDGET_USAGE_URL;
const rendered = () => new Promise((resolve) => setTimeout(resolve, 20));
const text = (root: HTMLElement, id: string) => byTestId(root, id).textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function openCard(usage = aBudgetUsage()) {
  TestBed.configureTestingModule({ providers: provideTestApp([]) });
  const fixture = TestBed.createComponent(BudgetUsageCard);
  fixture.detectChanges();
  (await nextRequest(isUsage, 'GET /api/ctct/budget')).flush(usage);
  await rendered();
  return fixture.nativeElement as HTMLElement;
}

describe('BudgetUsageCard', () => {
  afterEach(verifyNoOpenRequests);

  it("shows today's use of the quota, what runs may still use, and the calls by kind and by job", async () => {
    const root = await openCard();
    expect(text(root, 'budget-used')).toBe('1,234 of 10,000 calls used · resets Mar 11, 00:00 UTC');
    expect(text(root, 'budget-runs')).toBe('Jobs and bulk runs may make 7,766 more; 10% is kept for pushes');
    expect(text(root, 'budget-by-kind')).toBe('Jobs and bulk runs 1,180 · List memberships 40 · Opt-outs 14');
    expect(text(root, 'budget-by-job')).toBe('link-contacts 1,000 · activities 180');
    expect(root.querySelector('[data-testid="budget-stop"]')).toBeNull();
  });

  it("says when calls resume while CC's quota is used up", async () => {
    const usage = aBudgetUsage();
    const stopped = { ...usage.budget, quotaExhaustedUntil: '2026-03-11T00:00:01.400Z', runsRemainingToday: 0 };
    const root = await openCard({ ...usage, budget: stopped });
    expect(text(root, 'budget-stop')).toBe("No calls until Mar 11, 00:00 UTC (Constant Contact's midnight)");
  });

  it('saves the share kept for pushes and shows the refusal of a bad value naming the field', async () => {
    const root = await openCard();
    const input = byTestId<HTMLInputElement>(root, 'budget-reserve');
    expect(input.value).toBe('10');
    typeInto(input, '95');
    byTestId<HTMLButtonElement>(root, 'budget-reserve-save').click();
    const refused = await nextRequest((r) => r.method === 'PATCH' && r.url === '/api/settings');
    expect(refused.request.body).toEqual({ pushReservePercent: 95 });
    refused.flush(apiError(400, 'Validation failed', [{ field: 'pushReservePercent', message: 'must not be greater than 90' }]), {
      status: 400,
      statusText: 'Bad Request',
    });
    await rendered();
    expect(text(root, 'budget-reserve-error')).toBe('Kept for pushes must not be greater than 90');

    typeInto(input, '20');
    byTestId<HTMLButtonElement>(root, 'budget-reserve-save').click();
    (await nextRequest((r) => r.method === 'PATCH' && r.url === '/api/settings')).flush({});
    const usage = aBudgetUsage();
    const saved = { ...usage.budget, pushReservePercent: 20, runsRemainingToday: 6766 };
    (await nextRequest(isUsage, 'the reload')).flush({ ...usage, budget: saved });
    await rendered();
    expect(text(root, 'budget-runs')).toBe('Jobs and bulk runs may make 6,766 more; 20% is kept for pushes');
    expect(httpMock().match(() => true)).toEqual([]);
  });
});
