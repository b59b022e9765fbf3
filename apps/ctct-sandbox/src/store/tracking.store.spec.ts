import { TrackingKind, TrackingStore } from './tracking.store';

describe('TrackingStore', () => {
  it('lists a group newest first, derives unique opens and non-openers, and pages by position', () => {
    const store = new TrackingStore();
    store.append(TrackingKind.Send, 0, 100, 0);
    store.append(TrackingKind.Send, 1, 101, 0);
    store.append(TrackingKind.Send, 2, 102, 0);
    store.append(TrackingKind.Open, 0, 200, 0);
    store.append(TrackingKind.Open, 0, 300, 0);
    store.append(TrackingKind.Open, 1, 250, 0);
    const sends = store.group(0, TrackingKind.Send, 3);
    expect([...sends].map((r) => store.contact[r])).toEqual([2, 1, 0]);
    expect(store.uniqueCount(0, TrackingKind.Open, 3)).toBe(2);
    expect([...store.group(0, TrackingKind.UniqueOpen, 3)].map((r) => store.time[r])).toEqual([250, 200]);
    expect([...store.group(0, TrackingKind.DidNotOpen, 3)].map((r) => store.contact[r])).toEqual([2]);
    const after = TrackingStore.startAfter(sends, store.time, { t: 101, row: sends[1] });
    expect(after).toBe(2);
    expect([...store.contactRows(0, 3)].map((r) => store.time[r])).toEqual([300, 200, 100]);
  });
});
