import { HttpRequest } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import {
  aCampaign,
  aTimeline,
  allByTestId,
  apiError,
  byTestId,
  nextRequest,
  pressEnter,
  provideTestApp,
  verifyNoOpenRequests,
} from '../../../testing/test-helpers';
import { CampaignsPage } from './campaigns.page';

const isList = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/campaigns';
const isTimeline = (r: HttpRequest<unknown>) => r.method === 'GET' && r.url === '/api/campaigns/cmp-1/timeline';
const text = (el: Element) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function setUp(url = '/campaigns') {
  TestBed.configureTestingModule({ providers: provideTestApp([{ path: 'campaigns', component: CampaignsPage }]) });
  const harness = await RouterTestingHarness.create();
  void harness.navigateByUrl(url);
  return { root: harness.fixture.nativeElement as HTMLElement, stable: () => harness.fixture.whenStable(), router: TestBed.inject(Router) };
}

describe('CampaignsPage', () => {
  afterEach(verifyNoOpenRequests);

  it('lists campaigns with counts and open/click rates as shares of sends; untracked kinds say so', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isList)).flush([aCampaign(), aCampaign({ campaignId: 'cmp-2', name: 'A/B subject test', type: 'AB_TEST', tracked: false })]);
    await stable();

    const rows = allByTestId(root, 'campaign-row');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('Spring newsletter');
    expect(text(rows[0])).toContain('Newsletter');
    expect(text(byTestId(rows[0], 'open-rate'))).toBe('42.0%');
    expect(text(byTestId(rows[0], 'click-rate'))).toBe('10.5%');
    expect(text(rows[1])).toContain('Not reported by the CC API');
    expect(root.querySelector('[data-testid="campaign-chart"]')).toBeNull();
  });

  it('charts the selected campaign: one series per type with a point per bucket, a legend and an accessible title', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isList)).flush([aCampaign()]);
    await stable();

    pressEnter(byTestId(root, 'campaign-row'));
    const timeline = await nextRequest(isTimeline);
    expect(timeline.request.params.has('bucket')).toBe(false); // the API picks
    timeline.flush(aTimeline(5));
    await stable();
    expect(router.url).toBe('/campaigns?campaign=cmp-1');

    const chart = byTestId(root, 'campaign-chart');
    const series = Array.from(chart.querySelectorAll('g.series'));
    expect(series.map((g) => g.getAttribute('data-series'))).toEqual(['opens', 'clicks', 'bounces', 'optouts']);
    expect(series.map((g) => g.querySelectorAll('circle').length)).toEqual([5, 5, 5, 5]);
    expect(series.every((g) => g.querySelector('path')?.getAttribute('d')?.startsWith('M'))).toBe(true);
    expect(text(chart.querySelector('ul.legend')!)).toBe('Opens 150 Clicks 45 Bounces 4 Opt-outs 2');
    const svg = chart.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(chart.querySelector('title')?.textContent).toBe('Engagement over time for Spring newsletter');
    expect(chart.querySelector('desc')?.textContent).toContain('5 daily buckets');
    expect(text(chart)).toContain('Day');
  });

  it('asks for hourly buckets from the hour/day toggle', async () => {
    const { root, stable, router } = await setUp('/campaigns?campaign=cmp-1');
    (await nextRequest(isList)).flush([aCampaign()]);
    (await nextRequest(isTimeline)).flush(aTimeline(3));
    await stable();
    expect(byTestId(root, 'chart-bucket-day').classList).toContain('mat-button-toggle-checked');

    (byTestId(root, 'chart-bucket-hour').querySelector('button') as HTMLButtonElement).click();
    const hourly = await nextRequest(isTimeline);
    expect(hourly.request.params.get('bucket')).toBe('hour');
    hourly.flush(aTimeline(24, { bucket: 'hour' }));
    await stable();

    expect(router.url).toBe('/campaigns?campaign=cmp-1&bucket=hour');
    expect(byTestId(root, 'campaign-chart').querySelectorAll('g.series[data-series="opens"] circle')).toHaveLength(24);
  });

  it('says when a selected campaign has no engagement yet', async () => {
    const { root, stable } = await setUp('/campaigns?campaign=cmp-1');
    (await nextRequest(isList)).flush([aCampaign()]);
    (await nextRequest(isTimeline)).flush(aTimeline(0));
    await stable();
    expect(text(byTestId(root, 'empty-state'))).toContain('No engagement yet');
  });

  it('shows the empty and error states of the list', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isList)).flush(apiError(500, 'Database unavailable'), { status: 500, statusText: 'Error' });
    await stable();
    expect(text(byTestId(root, 'error-state'))).toContain('Database unavailable');

    byTestId<HTMLButtonElement>(root, 'retry').click();
    (await nextRequest(isList)).flush([]);
    await stable();
    expect(text(byTestId(root, 'empty-state'))).toContain('No campaigns yet');
  });
});
