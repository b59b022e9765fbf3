import { budgetSummary, connectCallbackMessage, relativeTime } from './connection-display';

const NOW = Date.parse('2026-11-23T02:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('connection display', () => {
  it('says how far away a time is, coarsely', () => {
    expect(relativeTime(at(23.6 * 3_600_000), NOW)).toBe('in 23 h');
    expect(relativeTime(at(-5.5 * 60_000), NOW)).toBe('5 min ago');
    expect(relativeTime(at(20_000), NOW)).toBe('in less than a minute');
    expect(relativeTime(at(-20_000), NOW)).toBe('just now');
    expect(relativeTime(at(-3.5 * 86_400_000), NOW)).toBe('3 days ago');
  });

  it('formats the rate plan with thousands separators', () => {
    expect(budgetSummary({ perSecond: 4, perDay: 10_000, usedToday: 1234, remainingToday: 8766, quotaExhaustedUntil: null })).toBe(
      '4 requests/s · 10,000/day — 1,234 used today (8,766 left)',
    );
  });

  it('reads the connect callback: a fixed text per reason, never text from the URL', () => {
    expect(connectCallbackMessage('connected', null)).toEqual({ kind: 'success', text: 'Constant Contact is connected.' });
    expect(connectCallbackMessage('error', 'denied')?.text).toMatch(/^Constant Contact connection was refused on the consent page/);
    expect(connectCallbackMessage('error', 'state')?.text).toMatch(/expired or was already used/);
    const crafted = connectCallbackMessage('error', 'Call +1 555 0100 <b>now</b>');
    expect(crafted?.text).toBe('Constant Contact connection failed. Try connecting again.');
    expect(connectCallbackMessage('error', null)?.text).toBe('Constant Contact connection failed. Try connecting again.');
    expect(connectCallbackMessage(null, 'denied')).toBeNull();
  });
});
