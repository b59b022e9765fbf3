/**
 * Contacts ordered by (updated_at, rev), so `updated_after` queries and cursor paging start with a
 * binary search instead of a scan. Append-only: an update pushes a new entry and leaves the old one
 * stale (its rev no longer matches the contact's); stale entries are compacted away when they pile up.
 */
export interface Versioned {
  rev: number;
  updatedAt: number;
}

export class UpdatedIndex<T extends Versioned> {
  private times: number[] = [];
  private revs: number[] = [];
  private items: T[] = [];
  private stale = 0;

  get size(): number {
    return this.items.length;
  }

  /** Record the item at its current (updatedAt, rev); call after every change. */
  touch(item: T, replacesEntry: boolean): void {
    if (replacesEntry) this.stale++;
    const t = item.updatedAt;
    const n = this.times.length;
    if (n === 0 || this.times[n - 1] < t || (this.times[n - 1] === t && this.revs[n - 1] < item.rev)) {
      this.times.push(t);
      this.revs.push(item.rev);
      this.items.push(item);
    } else {
      // The clock went backwards (offset changed): insert in order; rare, so O(n) is fine.
      const at = this.firstAfter(t, item.rev);
      this.times.splice(at, 0, t);
      this.revs.splice(at, 0, item.rev);
      this.items.splice(at, 0, item);
    }
    if (this.stale > 1024 && this.stale > this.items.length / 2) this.compact();
  }

  /** Replace everything with items sorted by (updatedAt, rev): used by bulk loads. */
  rebuild(items: T[]): void {
    const sorted = [...items].sort((a, b) => a.updatedAt - b.updatedAt || a.rev - b.rev);
    this.times = sorted.map((i) => i.updatedAt);
    this.revs = sorted.map((i) => i.rev);
    this.items = sorted;
    this.stale = 0;
  }

  /** Position of the first entry strictly after (t, rev). */
  firstAfter(t: number, rev: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] < t || (this.times[mid] === t && this.revs[mid] <= rev)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Live items from position `from` on, in (updatedAt, rev) order. */
  *scan(from: number): Generator<T> {
    for (let i = from; i < this.items.length; i++) {
      const item = this.items[i];
      if (item.rev === this.revs[i]) yield item;
    }
  }

  private compact(): void {
    const live = this.items.filter((item, i) => item.rev === this.revs[i]);
    this.times = live.map((i) => i.updatedAt);
    this.revs = live.map((i) => i.rev);
    this.items = live;
    this.stale = 0;
  }
}
