import { nextRuns, parseCron, runsPerDay } from './cron';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('cron schedules', () => {
  it('lists the next runs of a daily schedule in UTC, after the given time', () => {
    const schedule = parseCron('30 0 * * *')!;
    expect(iso(nextRuns(schedule, new Date('2026-11-23T00:30:00Z'), 3))).toEqual([
      '2026-11-24T00:30:00.000Z',
      '2026-11-25T00:30:00.000Z',
      '2026-11-26T00:30:00.000Z',
    ]);
  });

  it('follows steps, ranges, lists and names', () => {
    expect(iso(nextRuns(parseCron('*/20 9-10 * * *')!, new Date('2026-11-23T09:10:00Z'), 4))).toEqual([
      '2026-11-23T09:20:00.000Z',
      '2026-11-23T09:40:00.000Z',
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T10:20:00.000Z',
    ]);
    // 2026-11-23 is a Monday.
    expect(iso(nextRuns(parseCron('0 6 * * MON,fri')!, new Date('2026-11-23T07:00:00Z'), 2))).toEqual([
      '2026-11-27T06:00:00.000Z',
      '2026-11-30T06:00:00.000Z',
    ]);
    expect(iso(nextRuns(parseCron('0 0 1 jan *')!, new Date('2026-11-23T00:00:00Z'), 1))).toEqual(['2027-01-01T00:00:00.000Z']);
    expect(iso(nextRuns(parseCron('0 12 * * 7')!, new Date('2026-11-23T00:00:00Z'), 1))).toEqual(['2026-11-29T12:00:00.000Z']);
  });

  it('runs on a day matching either day field when both are restricted, as cron does', () => {
    // The 1st of the month or any Sunday.
    expect(iso(nextRuns(parseCron('0 0 1 * 0')!, new Date('2026-11-23T00:00:00Z'), 3))).toEqual([
      '2026-11-29T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      '2026-12-06T00:00:00.000Z',
    ]);
  });

  it('counts the runs of a day the schedule runs', () => {
    expect(runsPerDay(parseCron('* * * * *')!)).toBe(1440);
    expect(runsPerDay(parseCron('*/10 * * * *')!)).toBe(144);
    expect(runsPerDay(parseCron('0 1 * * 1')!)).toBe(1);
  });

  it.each(['', '0 1 * *', '60 1 * * *', '0 24 * * *', '0 1 32 * *', '0 1 * 13 *', '0 1 * * 8', '*/0 * * * *', '5-2 * * * *', 'x * * * *'])(
    'refuses "%s"',
    (expression) => expect(parseCron(expression)).toBeNull(),
  );
});
