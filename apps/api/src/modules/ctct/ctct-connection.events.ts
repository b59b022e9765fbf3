import { Injectable, Logger } from '@nestjs/common';

type Listener<T> = (event: T) => Promise<void> | void;

/**
 * The connection's state changes that other modules act on: `restored` (a new authorisation: runs paused for the
 * connection resume), `lost` (needs re-authorising: an alert). In-process: the replica that saw the change tells
 * its listeners at once; the others learn it from `ctct_connection` (their periodic checks).
 */
@Injectable()
export class CtctConnectionEvents {
  private readonly logger = new Logger('CtctConnectionEvents');
  private readonly restoredListeners = new Set<Listener<void>>();
  private readonly lostListeners = new Set<Listener<{ reason: string }>>();

  onRestored(listener: Listener<void>): void {
    this.restoredListeners.add(listener);
  }

  onLost(listener: Listener<{ reason: string }>): void {
    this.lostListeners.add(listener);
  }

  async restored(): Promise<void> {
    await this.notify(this.restoredListeners, undefined);
  }

  async lost(reason: string): Promise<void> {
    await this.notify(this.lostListeners, { reason });
  }

  /** A listener's failure is logged, never the caller's (the connection change itself has been committed). */
  private async notify<T>(listeners: Set<Listener<T>>, event: T): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(event);
      } catch (error) {
        this.logger.warn(`a connection listener failed: ${(error as Error).message}`);
      }
    }
  }
}
