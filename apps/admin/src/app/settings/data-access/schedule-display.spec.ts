import { formatDate } from '@angular/common';
import { describeCron, nextRunsText, scheduleCost, scheduleCostWarning } from './schedule-display';

describe('describeCron', () => {
  it.each([
    ['30 0 * * *', 'every day at 00:30 UTC'],
    ['5 13 * * *', 'every day at 13:05 UTC'],
    ['15 * * * *', 'every hour at :15'],
    ['0 */6 * * *', 'every 6 hours at :00 (UTC)'],
    ['*/10 * * * *', 'every 10 minutes'],
    ['  0   2 * * *  ', 'every day at 02:00 UTC'],
  ])('says %s is "%s"', (cron, sentence) => {
    expect(describeCron(cron)).toBe(sentence);
  });

  it.each(['0 2 * * 1', '0 2 1 * *', '61 2 * * *', '0 25 * * *', 'nonsense', '0 2 * *'])('gives no sentence for %s', (cron) => {
    expect(describeCron(cron)).toBeNull();
  });
});

describe('schedule checks', () => {
  it('shows the next three runs in the browser time zone', () => {
    const local = (iso: string) => formatDate(iso, 'EEE MMM d, HH:mm', 'en-US');
    expect(nextRunsText('30 0 * * *', new Date('2026-11-23T01:00:00Z'))).toBe(
      [local('2026-11-24T00:30:00Z'), local('2026-11-25T00:30:00Z'), local('2026-11-26T00:30:00Z')].join(' · '),
    );
    expect(nextRunsText('nonsense', new Date())).toBeNull();
  });

  it('warns when a schedule would use more than a quarter of the daily quota', () => {
    const everyMinute = scheduleCost('* * * * *', 3, 10_000)!;
    expect(everyMinute).toEqual({ runsPerDay: 1440, callsPerDay: 4320, shareOfQuota: 0.432, tooMuch: true });
    expect(scheduleCostWarning(everyMinute, 3, 10_000)).toBe(
      'About 1,440 runs a day × ≈ 3 calls = ≈ 4,320 calls, 43% of the daily quota of 10,000. ' +
        'Opt-outs and the other jobs share that quota: choose a less frequent schedule.',
    );
    expect(scheduleCost('0 1 * * *', 2000, 10_000)?.tooMuch).toBe(false);
    expect(scheduleCost('0 */4 * * *', 500, 10_000)?.tooMuch).toBe(true);
    // A job that has never run still costs at least a call a run.
    expect(scheduleCost('*/2 * * * *', 0, 10_000)?.callsPerDay).toBe(720);
  });
});
