import { ccDay, ccDayStart, CcClockEstimator, nextCcReset, quotaStop } from './cc-clock';

const at = (iso: string) => Date.parse(iso);
const httpDate = (iso: string) => new Date(iso).toUTCString();

describe("Constant Contact's clock", () => {
  describe('estimating it from Date headers', () => {
    it('knows nothing before the first answer, and ignores answers without a usable Date header', () => {
      const estimator = new CcClockEstimator();
      expect(estimator.estimate()).toBeNull();
      expect(estimator.observe(null, 0, 10)).toBe(false);
      expect(estimator.observe('not a date', 0, 10)).toBe(false);
      expect(estimator.estimate()).toBeNull();
    });

    it("pins CC's clock 5 s behind ours to within a few tens of ms from whole-second headers", () => {
      const estimator = new CcClockEstimator();
      const trueOffset = -5_000;
      // Answers 20 ms after sending, at varying fractions of a second: each narrows the interval.
      for (let sent = at('2026-03-10T12:00:00.000Z'); sent < at('2026-03-10T12:00:10.000Z'); sent += 137) {
        const ccStampedAt = sent + 10 + trueOffset;
        estimator.observe(new Date(Math.floor(ccStampedAt / 1000) * 1000).toUTCString(), sent, sent + 20);
      }
      const estimate = estimator.estimate()!;
      expect(Math.abs(estimate.offsetMs - trueOffset)).toBeLessThanOrEqual(estimate.uncertaintyMs!);
      expect(estimate.uncertaintyMs).toBeLessThan(30);
    });

    it("starts over when CC's clock jumps (an answer outside the interval)", () => {
      const estimator = new CcClockEstimator();
      const sent = at('2026-03-10T12:00:00.200Z');
      estimator.observe(httpDate('2026-03-10T12:00:00Z'), sent, sent + 20);
      expect(Math.abs(estimator.estimate()!.offsetMs)).toBeLessThan(1_000);
      estimator.observe(httpDate('2026-03-10T23:59:57Z'), sent + 1_000, sent + 1_020);
      expect(estimator.estimate()!.offsetMs).toBeGreaterThan(11 * 3600_000);
    });
  });

  it("names CC's day and when it began by CC's clock, not ours", () => {
    const behind = { offsetMs: -5_000, uncertaintyMs: 100 };
    expect(ccDay(at('2026-03-11T00:00:03Z'), behind)).toBe('2026-03-10');
    expect(new Date(ccDayStart(at('2026-03-11T00:00:03Z'), behind)).toISOString()).toBe('2026-03-10T00:00:05.000Z');
  });

  it("resets at CC's next midnight at the latest it can be, plus a second", () => {
    const behind = { offsetMs: -5_000, uncertaintyMs: 100 };
    // 23:59:58 for CC: two seconds to go by its clock, i.e. our 00:00:05 (at most 00:00:05.1).
    expect(new Date(nextCcReset(at('2026-03-11T00:00:03Z'), behind)).toISOString()).toBe('2026-03-11T00:00:06.100Z');
  });

  describe('a quota_exceeded', () => {
    it("near the end of CC's day stops until its reset, however soon", () => {
      const stop = quotaStop(at('2026-03-11T00:00:03Z'), { offsetMs: -5_000, uncertaintyMs: 100 });
      expect(stop).toMatchObject({ nearReset: false, resumeAtMs: at('2026-03-11T00:00:06.100Z') });
    });

    it("just after CC's midnight is retried after a backoff that grows with the time since the reset", () => {
      const clock = { offsetMs: 0, uncertaintyMs: 0 };
      expect(quotaStop(at('2026-03-11T00:00:01Z'), clock)).toMatchObject({ nearReset: true, resumeAtMs: at('2026-03-11T00:00:03Z') });
      expect(quotaStop(at('2026-03-11T00:00:45Z'), clock)).toMatchObject({ nearReset: true, resumeAtMs: at('2026-03-11T00:01:30Z') });
      expect(quotaStop(at('2026-03-11T00:09:00Z'), clock)).toMatchObject({ nearReset: true, resumeAtMs: at('2026-03-11T00:10:00Z') });
      expect(quotaStop(at('2026-03-11T00:10:01Z'), clock)).toMatchObject({ nearReset: false, resumeAtMs: at('2026-03-12T00:00:01Z') });
    });

    it('without any measurement assumes a clock within a second of ours', () => {
      const stop = quotaStop(at('2026-03-10T18:00:00Z'), { offsetMs: 0, uncertaintyMs: null });
      expect(new Date(stop.resumeAtMs).toISOString()).toBe('2026-03-11T00:00:02.000Z');
    });
  });
});
