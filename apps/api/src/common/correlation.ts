import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What caused the work in progress: a user's request or a job run. Every external call logs it, so the API log
 * can answer "which calls did this sync run (or this click) make?". Carried by AsyncLocalStorage so that no
 * service has to pass it along by hand.
 */
export interface Correlation {
  userId?: string;
  requestId?: string;
  jobRunId?: string;
  /**
   * A job run's check before each external call: throws to stop the run between two calls (Cancel). The CC
   * client calls it, so every job stops "after the call in progress" without checking by itself.
   */
  beforeCall?: () => Promise<void>;
}

const storage = new AsyncLocalStorage<Correlation>();

export function currentCorrelation(): Correlation {
  return storage.getStore() ?? {};
}

export function runWithCorrelation<T>(correlation: Correlation, work: () => T): T {
  return storage.run({ ...currentCorrelation(), ...correlation }, work);
}
