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

  it('lists campaigns with unique counts and open/click rates as shares of sends; untracked kinds say so', async () => {
    const { root, stable } = await setUp();
    (await nextRequest(isList)).flush([
      aCampaign(),
      aCampaign({ campaignId: 'cmp-2', name: 'A/B subject test', type: 'AB_TEST', tracked: false, lastSentAt: null }),
    ]);
    (await nextRequest(isTimeline)).flush(aTimeline(2));
    await stable();

    const rows = allByTestId(root, 'campaign-row');
    expect(rows).toHaveLength(2);
    expect(text(rows[0])).toContain('Spring newsletter');
    expect(text(rows[0])).toContain('Newsletter');
    expect(text(byTestId(rows[0], 'open-rate'))).toBe('42.0%');
    expect(text(byTestId(rows[0], 'click-rate'))).toBe('10.5%');
    expect(text(rows[1])).toContain('A/B test');
    expect(text(rows[1])).toContain('Not reported by the CC API');
    expect(text(byTestId(root, 'campaigns-table').querySelector('thead')!)).toContain('Unique opens');
  });

  it('opens on a picture: the latest campaign is selected and charted without a click', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isList)).flush([
      aCampaign({ campaignId: 'cmp-old', name: 'Autumn', lastSentAt: '2026-10-01T09:00:00.000Z' }),
      aCampaign(),
      aCampaign({ campaignId: 'cmp-ab', name: 'A/B', tracked: false, lastSentAt: '2026-11-22T09:00:00.000Z' }),
    ]);
    // The latest tracked one (the A/B test has nothing to chart).
    (await nextRequest(isTimeline)).flush(aTimeline(5));
    await stable();
    expect(router.url).toBe('/campaigns');
    expect(text(byTestId(root, 'selected-campaign').querySelector('h2')!)).toBe('Spring newsletter');
    expect(allByTestId(root, 'campaign-row')[1].getAttribute('aria-current')).toBe('true');
    expect(byTestId(root, 'campaign-chart')).toBeTruthy();
  });

  it('draws open and click rates across campaigns in send order, and a point selects its campaign', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isList)).flush([
      aCampaign(),
      aCampaign({
        campaignId: 'cmp-old',
        name: 'Autumn',
        lastSentAt: '2026-10-01T09:00:00.000Z',
        ctctUniqueCounts: { sends: 100, opens: 30, clicks: 5, bounces: 0, forwards: 0, optouts: 0 },
      }),
    ]);
    (await nextRequest(isTimeline)).flush(aTimeline(2));
    await stable();

    const trend = byTestId(root, 'campaign-trend');
    const opens = trend.querySelectorAll('g.series[data-series="openRate"] circle');
    expect(Array.from(opens).map((c) => c.querySelector('title')?.textContent)).toEqual([
      'Autumn, sent Oct 1, 2026: open rate 30%',
      'Spring newsletter, sent Nov 20, 2026: open rate 42%',
    ]);
    expect(trend.querySelector('desc')?.textContent).toBe(
      '2 campaigns in send order: open rate 30% for Autumn, 42% for Spring newsletter; click ' +
        'rate 5% for Autumn, 10.5% for Spring newsletter.',
    );

    opens[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const other = await nextRequest((r) => r.url === '/api/campaigns/cmp-old/timeline');
    other.flush(aTimeline(2, { campaignId: 'cmp-old' }));
    await stable();
    expect(router.url).toBe('/campaigns?campaign=cmp-old');
  });

  it('charts the selected campaign: one series per type with a point per bucket, a legend and an accessible title', async () => {
    const { root, stable, router } = await setUp();
    (await nextRequest(isList)).flush([
      aCampaign(),
      aCampaign({ campaignId: 'cmp-2', name: 'Later', lastSentAt: '2026-11-21T09:00:00.000Z' }),
    ]);
    (await nextRequest((r) => r.url === '/api/campaigns/cmp-2/timeline')).flush(aTimeline(1, { campaignId: 'cmp-2' }));
    await stable();

    pressEnter(allByTestId(root, 'campaign-row')[0]);
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
    expect(text(chart.querySelector('ul.legend')!)).toBe('Opens 150 in all Clicks 45 in all Bounces 4 in all Opt-outs 2 in all');
    const svg = chart.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(chart.querySelector('title')?.textContent).toBe('Engagement over time for Spring newsletter');
    expect(chart.querySelector('desc')?.textContent).toContain('5 daily buckets');
    expect(text(chart)).toContain('Day');
    // Why the table's 84 and the chart's 150 differ.
    expect(text(byTestId(root, 'unique-vs-total'))).toBe(
      "Why two numbers? The table counts people: 84 opened at least once (Constant Contact's unique count). The chart counts every " +
        'open and click we imported — someone who opened three times counts three times — so it shows 150 opens and 45 clicks in all.',
    );
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
