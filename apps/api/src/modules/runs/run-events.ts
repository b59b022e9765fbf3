import { Injectable, Logger } from '@nestjs/common';
import { RunRow } from './run.row';

/** A run ended, paused or was cancelled (on this replica); `row` is the run as it was claimed, `status` what it became. */
export interface RunSettled {
  readonly row: RunRow;
  readonly status: 'succeeded' | 'failed' | 'paused' | 'cancelled';
  readonly reason: string | null;
}

/**
 * Tells other modules (alerts) when a run settles, so they can react at once rather than at their next check.
 * In-process only: what must hold across replicas is read from `sync_runs`, this is just the fast path.
 */
@Injectable()
export class RunEvents {
  private readonly logger = new Logger('RunEvents');
  private readonly listeners = new Set<(event: RunSettled) => Promise<void> | void>();

  onSettled(listener: (event: RunSettled) => Promise<void> | void): void {
    this.listeners.add(listener);
  }

  /** Calls every listener; a failing listener is logged and never fails the run. */
  async settled(event: RunSettled): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.logger.warn(`a run listener failed: ${(error as Error).message}`);
      }
    }
  }
}
