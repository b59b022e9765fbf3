import { progressPercent, progressText, timeLeftText } from './sync-display';

describe('run progress in words', () => {
  it('says how long is left at the current pace', () => {
    expect(timeLeftText({ done: 1200, total: 5000, itemsPerSecond: 38 })).toBe('about 2 min left');
    expect(timeLeftText({ done: 100, total: 200_000, itemsPerSecond: 20 })).toBe('about 2 h 47 min left');
    expect(timeLeftText({ done: 590, total: 600, itemsPerSecond: 41 })).toBe('less than a minute left');
    expect(timeLeftText({ done: 10, total: null, itemsPerSecond: 5 })).toBeNull();
    expect(timeLeftText({ done: 10, total: 100, itemsPerSecond: null })).toBeNull();
  });

  it('shows done of total, items a second and time left, with a determinate bar once the total is known', () => {
    expect(progressText({ done: 1200, total: 5000, itemsPerSecond: 38.4 })).toBe('1,200 of 5,000 · 38/s · about 2 min left');
    expect(progressText({ done: 1200, total: null, itemsPerSecond: null })).toBe('1,200 done');
    expect(progressPercent({ done: 1200, total: 5000, itemsPerSecond: 38 })).toBe(24);
    expect(progressPercent({ done: 1200, total: null, itemsPerSecond: null })).toBeNull();
  });
});
