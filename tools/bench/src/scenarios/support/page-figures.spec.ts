import { callBound, pageFigures } from './page-figures';
import type { PageCost } from './query-timer';

const page = (sqlMs: number, workMs = sqlMs + 5, ccMs = 250): PageCost => ({
  ccMs,
  workMs,
  sqlMs,
  statements: 6,
  insertMs: 0,
  insertRows: 0,
});

describe('page figures', () => {
  it('compares the SQL of the last tenth of the pages with the first tenth', () => {
    const pages = Array.from({ length: 20 }, (_, i) => page(i < 10 ? 40 : 60));
    const { figures, growth } = pageFigures(pages);
    expect(growth.sqlGrowth).toBe(1.5);
    expect(figures).toMatchObject({ pages: 20, sqlMsFirstTenth: 40, sqlMsLastTenth: 60, workMsMax: 65 });
  });

  it('at 4 requests/s, reads the run against its calls at 4/s', () => {
    expect(callBound(2000, 525_000, [], 15, 4)).toEqual({
      callsAt4PerSecMs: 500_000,
      pacedFloorMs: 530_000,
      wallVsCallsAt4PerSec: 1.05,
      projectedWallMsAt4PerSec: 525_000,
    });
  });

  it('at a raised rate, projects each page to the longer of its 4/s slot and its own call and work', () => {
    // One page fits its slot (10 + 100 < 265 ms), one does not (10 + 300).
    const bound = callBound(2, 500, [page(80, 100, 10), page(280, 300, 10)], 15, 100);
    expect(bound.projectedWallMsAt4PerSec).toBe(265 + 310);
    expect(bound.wallVsCallsAt4PerSec).toBe(1.15);
    // Work after the last page (no call) counts as it is.
    const step = { workMs: 50, sqlMs: 40, statements: 3, insertMs: 0, insertRows: 0 };
    expect(callBound(2, 500, [page(80, 100, 10), page(280, 300, 10)], 15, 100, [step]).projectedWallMsAt4PerSec).toBe(265 + 310 + 50);
  });
});
