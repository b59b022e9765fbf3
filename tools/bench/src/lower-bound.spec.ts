import { CC_LIMITS, batchedCalls, minWallMsAtRate, pagedCalls } from './lower-bound';

describe('lower bounds of CC calls', () => {
  it('needs one call per page, and one to learn that a collection is empty', () => {
    expect(pagedCalls(50_000, CC_LIMITS.contactsPerPage)).toBe(100);
    expect(pagedCalls(50_001, CC_LIMITS.contactsPerPage)).toBe(101);
    expect(pagedCalls(0, CC_LIMITS.contactsPerPage)).toBe(1);
  });

  it('needs one call per batch, and none when there is nothing to write', () => {
    expect(batchedCalls(20_000, CC_LIMITS.membershipContactsPerRequest)).toBe(40);
    expect(batchedCalls(0, CC_LIMITS.membershipContactsPerRequest)).toBe(0);
  });

  it('refuses sizes that are not whole numbers', () => {
    expect(() => pagedCalls(10, 0)).toThrow();
    expect(() => batchedCalls(-1, 500)).toThrow();
    expect(() => batchedCalls(1.5, 500)).toThrow();
  });

  it('spaces calls at the rate limit: 4 at once, each further 4 a second later', () => {
    expect(minWallMsAtRate(0)).toBe(0);
    expect(minWallMsAtRate(4)).toBe(0);
    expect(minWallMsAtRate(5)).toBe(1_000);
    expect(minWallMsAtRate(100)).toBe(24_000);
    expect(minWallMsAtRate(100, 20)).toBe(4_000);
  });
});
