import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from 'pg';

export interface WorkerLoopOptions<Item> {
  /** What the loop claims, for its log lines ("runs", "pushes"). */
  readonly name: string;
  /** False on a replica started only to enqueue (SYNC_WORKER / PUSH_WORKER=false): the loop never claims. */
  readonly enabled: boolean;
  /** The fallback poll; a poke (or a NOTIFY) works sooner. */
  readonly pollMs: number;
  /**
   * Claims what is due for this worker, under a lease the owner's table keeps (`FOR UPDATE SKIP LOCKED`, so
   * replicas claiming together get different items); empty when nothing is due.
   */
  readonly claim: () => Promise<readonly Item[]>;
  /** Works one claimed item and settles it in the owner's table. */
  readonly work: (item: Item) => Promise<void>;
  /** Renews an item's lease while it is worked, for work that can outlast the lease (a run); none for short work. */
  readonly heartbeat?: { readonly everyMs: number; readonly renew: (item: Item) => Promise<unknown> };
  /** LISTEN on this channel: a NOTIFY wakes the loop at once (the poll stays as the fallback). */
  readonly notify?: { readonly connectionString: string; readonly channel: string };
  readonly logger: Logger;
}

/** A worker's identity in lease columns: which process on which host (and which instance in it) holds an item. */
export function workerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The one poll/claim loop of the API's PostgreSQL-backed workers (runs, outbox pushes). Every replica runs
 * one per queue; which replica works on what is decided by the claim's lease, never here. The loop knows no
 * table: its owner gives it a `claim()` and a `work()`.
 */
export class WorkerLoop<Item> {
  private timer: NodeJS.Timeout | null = null;
  private listener: Client | null = null;
  private working: Promise<void> | null = null;
  // Set when a poke arrives during a drain: the drain goes round once more rather than miss what was just added.
  private again = false;
  private stopped = false;

  constructor(private readonly options: WorkerLoopOptions<Item>) {}

  /** Starts polling (and listening) and works off what is due now. */
  async start(): Promise<void> {
    if (!this.options.enabled || this.stopped) return;
    this.timer = setInterval(() => void this.poke(), this.options.pollMs);
    this.timer.unref();
    if (this.options.notify) await this.listen(this.options.notify);
    void this.poke();
  }

  /** Stops claiming; resolves once the item in hand is worked and settled (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    await this.working?.catch(() => undefined);
  }

  /** Works off what is due now; resolves when this worker is idle again. */
  poke(): Promise<void> {
    if (this.stopped || !this.options.enabled) return Promise.resolve();
    if (this.working) {
      this.again = true;
      return this.working;
    }
    this.working = this.drain().finally(() => (this.working = null));
    return this.working;
  }

  private async listen(notify: { connectionString: string; channel: string }): Promise<void> {
    try {
      this.listener = new Client({ connectionString: notify.connectionString });
      this.listener.on('notification', () => void this.poke());
      this.listener.on('error', () => (this.listener = null));
      await this.listener.connect();
      await this.listener.query(`LISTEN ${notify.channel}`);
    } catch (error) {
      this.options.logger.warn(`LISTEN unavailable, polling only: ${(error as Error).message}`);
      this.listener = null;
    }
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (this.stopped) return;
        const due = await this.options.claim().catch((error) => {
          this.options.logger.warn(`could not claim ${this.options.name}: ${(error as Error).message}`);
          return [];
        });
        if (due.length === 0) break;
        // Everything claimed is worked, even when stopping: it is leased to us and would otherwise wait for the lease to lapse.
        for (const item of due) await this.workOn(item);
      }
    } while (this.again);
  }

  private async workOn(item: Item): Promise<void> {
    const { heartbeat } = this.options;
    const renewing = heartbeat ? setInterval(() => void heartbeat.renew(item).catch(() => undefined), heartbeat.everyMs) : null;
    try {
      await this.options.work(item);
    } catch (error) {
      // work() settles its own failures; this is settling itself failing (database gone). The lease lapses and
      // another round (here or on another replica) claims the item again; the loop carries on meanwhile.
      this.options.logger.error({ err: error }, `could not settle one of the ${this.options.name}`);
    } finally {
      if (renewing) clearInterval(renewing);
    }
  }
}
