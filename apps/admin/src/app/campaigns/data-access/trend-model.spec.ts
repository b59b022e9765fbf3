import { aCampaign } from '../../../testing/test-helpers';
import { geometryFor, maxTimeLabels } from './chart-model';
import { buildTrend, ratesAxis, trendCampaigns } from './trend-model';

const sent = (id: string, day: number, opens: number, clicks: number) =>
  aCampaign({
    campaignId: id,
    name: id,
    lastSentAt: new Date(Date.UTC(2026, 10, day, 9)).toISOString(),
    ctctUniqueCounts: { sends: 100, opens, clicks, bounces: 0, forwards: 0, optouts: 0 },
  });

describe('campaign trend', () => {
  it('keeps sent, tracked campaigns with sends, oldest first, the latest twelve', () => {
    const many = Array.from({ length: 14 }, (_, i) => sent(`c${i}`, i + 1, 40, 10));
    const shown = trendCampaigns([
      ...many,
      aCampaign({ campaignId: 'ab', tracked: false }),
      aCampaign({ campaignId: 'draft', lastSentAt: null }),
    ]);
    expect(shown.map((c) => c.campaignId)).toEqual(many.slice(2).map((c) => c.campaignId));
  });

  it('draws each rate left to right in send order, higher rates higher up', () => {
    const model = buildTrend([sent('b', 5, 20, 2), sent('a', 1, 45, 9)], geometryFor(720));
    const opens = model.series.find((s) => s.key === 'openRate')!;
    expect(opens.points.map((p) => p.campaignId)).toEqual(['a', 'b']);
    expect(opens.points[0].y).toBeLessThan(opens.points[1].y);
    expect(opens.average).toBeCloseTo(0.325);
    expect(model.yTicks.map((t) => t.label)).toEqual(['0%', '10%', '20%', '30%', '40%', '50%']);
  });

  it('rounds the rate axis to readable steps', () => {
    expect(ratesAxis(0.07)).toEqual({ max: 0.08, step: 0.02 });
    expect(ratesAxis(0.42)).toEqual({ max: 0.5, step: 0.1 });
    expect(ratesAxis(0)).toEqual({ max: 0.04, step: 0.02 });
  });

  it('draws smaller, with fewer time labels, at phone width', () => {
    expect(geometryFor(358)).toMatchObject({ width: 358, height: 240 });
    expect(maxTimeLabels(geometryFor(358))).toBe(3);
    expect(maxTimeLabels(geometryFor(1000))).toBe(6);
  });
});
