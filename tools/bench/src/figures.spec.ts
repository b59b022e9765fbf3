import { formatError, formatResult, growthSummary, median, percentile, ratio, roundFigure, rowsPerSecond, tailGrowth } from './figures';

describe('result lines', () => {
  it('puts the common fields first, in a fixed order, then the extras', () => {
    const line = formatResult('link-full-50k', {
      apiCalls: 104,
      lowerBound: 100,
      wallMs: 26_012.4,
      rows: 50_000,
      peakRssMb: 212.6,
      extras: { linked: 30_000 },
    });
    expect(Object.keys(JSON.parse(line))).toEqual([
      'scenario',
      'apiCalls',
      'lowerBound',
      'wallMs',
      'rows',
      'rowsPerSec',
      'peakRssMb',
      'linked',
    ]);
    expect(JSON.parse(line)).toMatchObject({ wallMs: 26_012, rowsPerSec: 1922, peakRssMb: 213, linked: 30_000 });
  });

  it('is a single line of JSON', () => {
    const line = formatResult('x', { apiCalls: 0, lowerBound: 0, wallMs: 1, rows: 1, peakRssMb: 1, extras: { text: 'a\nb' } });
    expect(line).not.toContain('\n');
  });

  it('does not let an extra override a common field', () => {
    const line = JSON.parse(
      formatResult('x', { apiCalls: 3, lowerBound: 2, wallMs: 10, rows: 1, peakRssMb: 1, extras: { apiCalls: 99, scenario: 'y' } }),
    );
    expect(line.apiCalls).toBe(3);
    expect(line.scenario).toBe('x');
  });

  it('reports a crash as the scenario and the message', () => {
    expect(JSON.parse(formatError('lists-1000', new Error('sandbox exited')))).toEqual({ scenario: 'lists-1000', error: 'sandbox exited' });
  });
});

describe('figures', () => {
  it('gives rows per second of wall time, and null when no time passed', () => {
    expect(rowsPerSecond(1_000_000, 40_000)).toBe(25_000);
    expect(rowsPerSecond(3, 2_000)).toBe(1.5);
    expect(rowsPerSecond(10, 0)).toBeNull();
  });

  it('keeps one decimal below 100 and whole numbers above', () => {
    expect(roundFigure(0.44)).toBe(0.4);
    expect(roundFigure(99.94)).toBe(99.9);
    expect(roundFigure(123.6)).toBe(124);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe('growth figures', () => {
  it('reads p95 of 20 runs as the 19th fastest', () => {
    const runs = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(runs, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
  });

  it('compares the last tenth of a series with its first tenth', () => {
    const flat = Array.from({ length: 100 }, () => 40);
    const growing = Array.from({ length: 100 }, (_, i) => 40 + i);
    expect(tailGrowth(flat)).toBe(1);
    // first ten average 44.5, last ten 134.5
    expect(tailGrowth(growing)).toBe(3.02);
    expect(tailGrowth([5])).toBeNull();
  });

  it('has no ratio without a base', () => {
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, 2)).toBe(1.5);
  });

  it('prints growth and targets after the common fields', () => {
    const line = JSON.parse(
      formatResult('x', {
        apiCalls: 0,
        lowerBound: 0,
        wallMs: 1,
        rows: 1,
        peakRssMb: 1,
        growth: { sqlGrowth: 1.1 },
        targets: { rssUnder400Mb: true },
      }),
    );
    expect(Object.keys(line).slice(7)).toEqual(['growth', 'targets']);
  });

  it('sums every scenario up in one line, naming the targets missed', () => {
    const figures = { apiCalls: 0, lowerBound: 0, wallMs: 1, rows: 1, peakRssMb: 1 };
    const summary = growthSummary([
      {
        scenario: 'link-full-1m',
        figures: { ...figures, growth: { sqlGrowth: 1.08 }, targets: { sqlGrowthAtMost1_5: true, wallWithin5pct: false } },
      },
      { scenario: 'lists-1000', figures },
    ]);
    expect(summary).toBe('link-full-1m sqlGrowth 1.08 · missed: link-full-1m.wallWithin5pct');
    expect(growthSummary([{ scenario: 'lists-1000', figures }])).toBeNull();
  });
});
