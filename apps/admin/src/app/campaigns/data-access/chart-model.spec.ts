import { aTimeline } from '../../../testing/test-helpers';
import { buildChart, chartDescription, niceMax } from './chart-model';

describe('chart model', () => {
  it.each([
    [0, 4, 1],
    [3, 3, 1],
    [9, 10, 5],
    [37, 40, 10],
    [180, 200, 50],
  ])('rounds a peak of %i up to %i in steps of %i', (peak, max, step) => {
    expect(niceMax(peak)).toEqual({ max, step });
  });

  it('draws one series per type with one point per bucket, left to right, higher values higher up', () => {
    const model = buildChart(aTimeline(5));
    expect(model.series.map((s) => s.key)).toEqual(['opens', 'clicks', 'bounces', 'optouts']);
    expect(model.series.every((s) => s.points.length === 5)).toBe(true);
    const opens = model.series[0];
    expect(opens.points[0].x).toBe(model.plot.left);
    expect(opens.points[4].x).toBe(model.plot.right);
    expect(opens.points[0].y).toBeLessThan(opens.points[4].y); // 50 opens above 10 opens
    expect(opens.path.startsWith(`M${opens.points[0].x} ${opens.points[0].y} L`)).toBe(true);
    expect(opens.total).toBe(150);
    expect(model.yTicks.map((t) => t.label)).toEqual(['0', '20', '40', '60']);
    expect(model.xTicks[0].label).toBe('Nov 20');
    expect(model.xTicks.at(-1)?.label).toBe('Nov 24');
  });

  it('keeps at most about six time labels, the last bucket included', () => {
    const model = buildChart(aTimeline(48, { bucket: 'hour' }));
    expect(model.xTicks.length).toBeLessThanOrEqual(7);
    expect(model.xTicks.at(-1)?.position).toBe(model.plot.right);
  });

  it('fills the hours without engagement with zeros, so time runs evenly', () => {
    const timeline = aTimeline(0, {
      bucket: 'hour',
      points: [
        { at: '2026-11-20T09:00:00.000Z', opens: 5, clicks: 1, bounces: 0, optouts: 0, forwards: 0 },
        { at: '2026-11-20T12:00:00.000Z', opens: 2, clicks: 0, bounces: 0, optouts: 0, forwards: 0 },
      ],
    });
    const opens = buildChart(timeline).series[0];
    expect(opens.points.map((p) => p.value)).toEqual([5, 0, 0, 2]);
    expect(opens.points[1].at).toBe('2026-11-20T10:00:00.000Z');
  });

  it('describes the chart in words', () => {
    const timeline = aTimeline(2);
    expect(chartDescription(buildChart(timeline), timeline)).toBe(
      '2 daily buckets from Nov 20 to Nov 21: 30 opens, 9 clicks, 4 bounces, 2 opt-outs.',
    );
  });
});
