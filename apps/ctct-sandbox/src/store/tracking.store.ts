/**
 * Engagement rows (sends, opens, clicks, bounces, opt-outs, forwards) in columnar typed arrays: two
 * million rows cost ~24 MB instead of the ~1 GB that as many JS objects would. Report queries use
 * indexes built lazily on first read (and dropped on append): rows per (campaign activity, kind)
 * and rows per contact, both newest first.
 */
export const TRACKING_TYPES = ['em_sends', 'em_opens', 'em_clicks', 'em_bounces', 'em_optouts', 'em_forwards'] as const;
export type TrackingType = (typeof TRACKING_TYPES)[number];
export enum TrackingKind {
  Send = 0,
  Open = 1,
  Click = 2,
  Bounce = 3,
  OptOut = 4,
  Forward = 5,
  /** Derived: each contact's first open of the activity. */
  UniqueOpen = 6,
  /** Derived: sends to contacts who never opened the activity. */
  DidNotOpen = 7,
}
const GROUPS_PER_ACTIVITY = 8;

export const BOUNCE_CODES = ['B', 'D', 'F', 'S', 'V', 'X', 'Z'] as const;
export const DEVICE_TYPES = ['computer', 'mobile', 'tablet', 'other'] as const;
export const OPT_OUT_REASONS = [
  '',
  'I no longer want to receive these emails',
  'I never signed up for this mailing list',
  'The emails are inappropriate',
  'The emails are spam and should be reported',
  'Other',
] as const;

export interface TrackingRow {
  row: number;
  kind: TrackingKind;
  contactSeq: number;
  timeSec: number;
  activityIndex: number;
  extra: number;
}

/** A page position: the (time, row) of the last row returned; the next page holds older rows. */
export interface TrackingPosition {
  t: number;
  row: number;
}

interface Indexes {
  /** Row ids per group (activityIndex * 8 + kind), newest first. */
  groups: Map<number, Uint32Array>;
  uniqueCounts: Map<number, number>;
  contactOffsets: Uint32Array;
  contactRows: Uint32Array;
}

const INITIAL_CAPACITY = 1024;
const ROW_BITS = 2 ** 23; // sort keys pack (time - base) and the row id into one float64

export class TrackingStore {
  kind = new Uint8Array(INITIAL_CAPACITY);
  contact = new Uint32Array(INITIAL_CAPACITY);
  time = new Uint32Array(INITIAL_CAPACITY);
  activity = new Uint16Array(INITIAL_CAPACITY);
  extra = new Uint8Array(INITIAL_CAPACITY);
  length = 0;
  private indexes: Indexes | null = null;

  reserve(capacity: number): void {
    if (capacity <= this.kind.length) return;
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.contact = grow(this.contact, (n) => new Uint32Array(n));
    this.time = grow(this.time, (n) => new Uint32Array(n));
    this.activity = grow(this.activity, (n) => new Uint16Array(n));
    this.extra = grow(this.extra, (n) => new Uint8Array(n));
  }

  append(kind: TrackingKind, contactSeq: number, timeSec: number, activityIndex: number, extra = 0): number {
    if (this.length === this.kind.length) this.reserve(this.kind.length * 2);
    if (this.length >= ROW_BITS) throw new Error('tracking store is full (8M rows)');
    const row = this.length++;
    this.kind[row] = kind;
    this.contact[row] = contactSeq;
    this.time[row] = timeSec;
    this.activity[row] = activityIndex;
    this.extra[row] = extra;
    this.indexes = null;
    return row;
  }

  clear(): void {
    this.length = 0;
    this.indexes = null;
  }

  /** Rows of one (activity, kind), newest first. */
  group(activityIndex: number, kind: TrackingKind, contactCount: number): Uint32Array {
    return this.ensureIndexes(contactCount).groups.get(activityIndex * GROUPS_PER_ACTIVITY + kind) ?? new Uint32Array(0);
  }

  /** Distinct contacts with at least one row of this kind for the activity (CC's unique counts). */
  uniqueCount(activityIndex: number, kind: TrackingKind, contactCount: number): number {
    return this.ensureIndexes(contactCount).uniqueCounts.get(activityIndex * GROUPS_PER_ACTIVITY + kind) ?? 0;
  }

  /** A contact's rows, newest first. */
  contactRows(contactSeq: number, contactCount: number): Uint32Array {
    const idx = this.ensureIndexes(contactCount);
    if (contactSeq + 1 >= idx.contactOffsets.length) return new Uint32Array(0);
    return idx.contactRows.subarray(idx.contactOffsets[contactSeq], idx.contactOffsets[contactSeq + 1]);
  }

  /** Index in a newest-first row array of the first row older than `position`. */
  static startAfter(rows: Uint32Array, time: Uint32Array, position: TrackingPosition | undefined): number {
    if (!position) return 0;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = time[rows[mid]];
      const newer = t > position.t || (t === position.t && rows[mid] >= position.row);
      if (newer) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private ensureIndexes(contactCount: number): Indexes {
    if (this.indexes && this.indexes.contactOffsets.length === contactCount + 1) return this.indexes;
    const n = this.length;
    let base = Infinity;
    for (let i = 0; i < n; i++) if (this.time[i] < base) base = this.time[i];
    // One numeric sort of packed keys gives every row in (time, row) order; walking it backwards
    // fills each group and each contact's slice already newest first.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (this.time[i] - base) * ROW_BITS + i;
    keys.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = keys[n - 1 - i] % ROW_BITS;

    const groupSizes = new Map<number, number>();
    const bump = (key: number) => groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
    for (let i = 0; i < n; i++) bump(this.activity[i] * GROUPS_PER_ACTIVITY + this.kind[i]);
    const groups = new Map<number, Uint32Array>();
    const fill = new Map<number, number>();
    for (const [key, size] of groupSizes) {
      groups.set(key, new Uint32Array(size));
      fill.set(key, 0);
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      const key = this.activity[row] * GROUPS_PER_ACTIVITY + this.kind[row];
      const at = fill.get(key)!;
      groups.get(key)![at] = row;
      fill.set(key, at + 1);
    }

    const uniqueCounts = new Map<number, number>();
    const seen = new Uint32Array(contactCount); // stamp per contact: the group being counted
    let stamp = 0;
    const activities = new Set<number>();
    for (const key of groups.keys()) activities.add(Math.floor(key / GROUPS_PER_ACTIVITY));
    for (const [key, rows] of [...groups]) {
      stamp++;
      let unique = 0;
      for (const row of rows) {
        const c = this.contact[row];
        if (seen[c] !== stamp) {
          seen[c] = stamp;
          unique++;
        }
      }
      uniqueCounts.set(key, unique);
    }
    for (const activityIndex of activities) {
      const base8 = activityIndex * GROUPS_PER_ACTIVITY;
      const opens = groups.get(base8 + TrackingKind.Open) ?? new Uint32Array(0);
      // Unique opens: each contact's first (oldest) open, listed newest first.
      stamp++;
      const firstOpens: number[] = [];
      for (let i = opens.length - 1; i >= 0; i--) {
        const c = this.contact[opens[i]];
        if (seen[c] !== stamp) {
          seen[c] = stamp;
          firstOpens.push(opens[i]);
        }
      }
      groups.set(base8 + TrackingKind.UniqueOpen, Uint32Array.from(firstOpens.reverse()));
      uniqueCounts.set(base8 + TrackingKind.UniqueOpen, firstOpens.length);
      const sends = groups.get(base8 + TrackingKind.Send) ?? new Uint32Array(0);
      const didNotOpen: number[] = [];
      for (const row of sends) if (seen[this.contact[row]] !== stamp) didNotOpen.push(row);
      groups.set(base8 + TrackingKind.DidNotOpen, Uint32Array.from(didNotOpen));
      uniqueCounts.set(base8 + TrackingKind.DidNotOpen, didNotOpen.length);
    }

    const contactOffsets = new Uint32Array(contactCount + 1);
    for (let i = 0; i < n; i++) if (this.contact[i] < contactCount) contactOffsets[this.contact[i] + 1]++;
    for (let c = 0; c < contactCount; c++) contactOffsets[c + 1] += contactOffsets[c];
    const cursor = contactOffsets.slice(0, contactCount);
    const contactRows = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const row = order[i];
      const c = this.contact[row];
      if (c < contactCount) contactRows[cursor[c]++] = row;
    }
    this.indexes = { groups, uniqueCounts, contactOffsets, contactRows };
    return this.indexes;
  }
}
