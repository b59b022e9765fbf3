import { describeCron } from './schedule-display';

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
