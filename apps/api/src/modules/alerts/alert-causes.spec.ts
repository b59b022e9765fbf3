import { alertCauses } from './alert-causes';

describe('alert causes', () => {
  it('raises the quota alert from 80% of the day, keyed by the UTC day', () => {
    expect(alertCauses.quotaHigh({ usedToday: 7_999, perDay: 10_000 }, '2026-11-30')).toBeNull();
    const cause = alertCauses.quotaHigh({ usedToday: 8_000, perDay: 10_000 }, '2026-11-30')!;
    expect(cause).toMatchObject({ kind: 'quota_high', key: 'quota_high:2026-11-30', link: '/settings' });
    expect(cause.title).toBe("80% of today's Constant Contact quota is used");
  });

  it('names one cause per failed or long-paused run, linking to the run', () => {
    const failed = alertCauses.runFailed({ id: 'r1', job: 'bulk-memberships', statusReason: 'CC said no.' });
    expect(failed).toMatchObject({ key: 'run_failed:r1', link: '/sync/runs/r1', title: 'A bulk membership run failed' });
    const pausedAt = new Date(Date.now() - 3 * 3_600_000);
    const paused = alertCauses.runPausedLong({ id: 'r2', job: 'lists', statusReason: null, pausedAt });
    expect(paused).toMatchObject({ key: 'run_paused_long:r2', title: 'A lists sync has been paused for 3 hours' });
  });

  it('counts the opt-outs waiting, and raises nothing when none waits', () => {
    expect(alertCauses.optOutsWaiting({ count: 0, oldest: null })).toBeNull();
    expect(alertCauses.optOutsWaiting({ count: 3, oldest: new Date('2026-11-30T01:00:00Z') })!.title).toBe(
      '3 opt-outs not yet in Constant Contact after an hour',
    );
  });
});
