import { percentile, seededRandom } from './latency';

describe('latency helpers', () => {
  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1, unsorted on purpose
    expect(percentile(values, 50)).toBe(100);
    expect(percentile(values, 95)).toBe(190);
    expect(percentile(values, 100)).toBe(200);
    expect(percentile([7], 95)).toBe(7);
    expect(() => percentile([], 50)).toThrow();
  });

  it('gives the same arrival pattern for the same seed, within [0, 1)', () => {
    const a = seededRandom(61);
    const b = seededRandom(61);
    const draws = Array.from({ length: 1_000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1_000 }, () => b()));
    expect(draws.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(990);
  });
});
