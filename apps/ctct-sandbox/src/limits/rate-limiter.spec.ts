import { SandboxClock } from '../clock';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('admits perSecond requests per client and second, then throttles', () => {
    const limiter = new RateLimiter(new SandboxClock(), { perSecond: 2, perDay: 100 });
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(Math.floor(now / 1000) * 1000 + 10);
    expect([limiter.admit('a'), limiter.admit('a'), limiter.admit('a'), limiter.admit('b')]).toEqual(['ok', 'ok', 'throttled', 'ok']);
    (Date.now as jest.Mock).mockReturnValue(Math.floor(now / 1000) * 1000 + 1010);
    expect(limiter.admit('a')).toBe('ok');
    jest.restoreAllMocks();
  });

  it('reports quota_exceeded before throttling once the day is spent', () => {
    const limiter = new RateLimiter(new SandboxClock(), { perSecond: 10, perDay: 1 });
    expect(limiter.admit('a')).toBe('ok');
    expect(limiter.admit('a')).toBe('quota_exceeded');
  });
});
