import { randomUUID } from 'node:crypto';
import { SandboxClock, isoTime } from '../clock';

export type BulkActivityKind =
  'add_list_memberships' | 'remove_list_memberships' | 'contacts_json_import' | 'contact_delete' | 'list_delete';
export type BulkActivityState = 'initialized' | 'processing' | 'completed' | 'cancelled' | 'failed' | 'timed_out';

export interface BulkActivity {
  id: string;
  kind: BulkActivityKind;
  state: BulkActivityState;
  createdAt: number;
  updatedAt: number;
  startedAt?: number;
  completedAt?: number;
  percentDone: number;
  errors: string[];
  status: Record<string, number>;
  /** Applies the activity's effects and fills `status`; dropped once run. */
  work?: (activity: BulkActivity) => void;
}

/** CC refuses new bulk activities (429) while an account has this many queued (facts §3). */
export const MAX_QUEUED_ACTIVITIES = 1000;

/**
 * Bulk activities run asynchronously as on CC: created `initialized`, then `processing`, then
 * `completed` with their effects applied. With a 0 ms delay the effects are applied right after the
 * 201 is built, so a test's next GET sees `completed`.
 */
export class BulkActivityStore {
  activities: BulkActivity[] = [];
  private byId = new Map<string, BulkActivity>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly clock: SandboxClock,
    public processingDelayMs: number,
  ) {}

  get(id: string): BulkActivity | undefined {
    return this.byId.get(id);
  }

  queuedCount(): number {
    return this.activities.filter((a) => a.state === 'initialized' || a.state === 'processing').length;
  }

  create(kind: BulkActivityKind, status: Record<string, number>, work: BulkActivity['work']): BulkActivity {
    const now = this.clock.now();
    const activity: BulkActivity = {
      id: randomUUID(),
      kind,
      state: 'initialized',
      createdAt: now,
      updatedAt: now,
      percentDone: 0,
      errors: [],
      status,
      work,
    };
    this.activities.push(activity);
    this.byId.set(activity.id, activity);
    return activity;
  }

  /** Starts processing; call after the 201 body was rendered. */
  start(activity: BulkActivity): void {
    const delay = this.processingDelayMs;
    if (delay <= 0) {
      this.markProcessing(activity);
      this.complete(activity);
      return;
    }
    this.later(Math.floor(delay / 2), () => this.markProcessing(activity));
    this.later(delay, () => this.complete(activity));
  }

  /** Finishes every pending activity now (used by control resets and snapshots). */
  flush(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const activity of this.activities) if (activity.work) this.complete(activity);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.activities = [];
    this.byId.clear();
  }

  restore(activities: BulkActivity[]): void {
    this.clear();
    for (const activity of activities) {
      this.activities.push(activity);
      this.byId.set(activity.id, activity);
    }
  }

  private markProcessing(activity: BulkActivity): void {
    if (activity.state !== 'initialized') return;
    activity.state = 'processing';
    activity.startedAt = this.clock.now();
    activity.updatedAt = activity.startedAt;
    activity.percentDone = 50;
  }

  private complete(activity: BulkActivity): void {
    const work = activity.work;
    if (!work) return;
    activity.work = undefined;
    if (activity.state === 'initialized') this.markProcessing(activity);
    try {
      work(activity);
      activity.state = 'completed';
    } catch (e) {
      activity.state = 'failed';
      activity.errors.push((e as Error).message);
    }
    activity.completedAt = this.clock.now();
    activity.updatedAt = activity.completedAt;
    activity.percentDone = 100;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

/** The activity as CC's Activity / ActivityImport / ActivityListsMembership / ActivityDeleteStatus shapes. */
export function toActivityResource(activity: BulkActivity): Record<string, unknown> {
  const out: Record<string, unknown> = {
    activity_id: activity.id,
    state: activity.state,
    created_at: isoTime(activity.createdAt),
    updated_at: isoTime(activity.updatedAt),
  };
  if (activity.startedAt !== undefined) out.started_at = isoTime(activity.startedAt);
  if (activity.completedAt !== undefined) out.completed_at = isoTime(activity.completedAt);
  out.percent_done = activity.percentDone;
  out.activity_errors = [...activity.errors];
  if (activity.kind !== 'list_delete') out.status = { ...activity.status };
  out._links = { self: { href: `/v3/activities/${activity.id}` } };
  return out;
}
