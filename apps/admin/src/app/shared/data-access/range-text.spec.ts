import { rangeText, totalText } from './range-text';

describe('range text', () => {
  it('says where the page sits among all matching rows', () => {
    expect(rangeText(1, 50, 50, { count: 2000, kind: 'exact' })).toBe('1–50 of 2,000');
    expect(rangeText(3, 50, 12, { count: 112, kind: 'exact' })).toBe('101–112 of 112');
    expect(rangeText(2, 50, 50, null)).toBe('51–100');
    expect(rangeText(1, 50, 0, { count: 0, kind: 'exact' })).toBe('');
  });

  it('marks a total the API stopped counting, and rounds an estimate', () => {
    expect(totalText({ count: 10_000, kind: 'atLeast' })).toBe('10,000+');
    expect(totalText({ count: 1_234_567, kind: 'estimate' })).toBe('about 1,200,000');
    expect(totalText({ count: 10_631, kind: 'estimate' })).toBe('about 11,000');
  });
});
