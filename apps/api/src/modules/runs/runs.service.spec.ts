import { sameParams } from './runs.service';

describe("sameParams (does a new request ask for the paused run's work?)", () => {
  it('treats requests differing only in key order or unset fields as the same work', () => {
    const asked = { selection: { filter: { q: 'a', type: undefined } }, target: { listId: 'L' } };
    expect(sameParams(asked, { target: { listId: 'L' }, selection: { filter: { q: 'a' } } })).toBe(true);
    expect(sameParams(null, undefined)).toBe(true);
  });

  it('tells a different list, selection or order of ids apart', () => {
    const base = { selection: { contactIds: ['a', 'b'] }, target: { listId: 'L' } };
    expect(sameParams(base, { ...base, target: { listId: 'M' } })).toBe(false);
    expect(sameParams(base, { ...base, selection: { contactIds: ['a'] } })).toBe(false);
    expect(sameParams(base, { selection: { contactIds: ['b', 'a'] }, target: { listId: 'L' } })).toBe(false);
  });
});
