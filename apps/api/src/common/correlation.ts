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
  /** The outbox push being delivered (opt_out, add_membership…): the CC request budget serves pushes by kind. */
  pushKind?: string;
  /**
   * A job run's check before each external call: throws to stop the run between two calls (Cancel). The CC
   * client calls it, so every job stops "after the call in progress" without checking by itself.
   */
  beforeCall?: () => Promise<void>;
  /** The API-log rows written in this unit of work so far (see noteApiCall); each runWithCorrelation starts its own. */
  calls?: ApiCallTrail;
}

interface ApiCallTrail {
  lastId: string | null;
  parent?: ApiCallTrail;
}

const storage = new AsyncLocalStorage<Correlation>();

export function currentCorrelation(): Correlation {
  return storage.getStore() ?? {};
}

export function runWithCorrelation<T>(correlation: Correlation, work: () => T): T {
  const outer = currentCorrelation();
  return storage.run({ ...outer, ...correlation, calls: { lastId: null, parent: outer.calls } }, work);
}

/**
 * The API-log writer notes every row it writes, in this scope and the ones around it, so that a record made
 * after a call (a consent event) can name the call that carried it (`lastApiCallId`).
 */
export function noteApiCall(id: string): void {
  for (let trail = currentCorrelation().calls; trail; trail = trail.parent) trail.lastId = id;
}

/** The API-log id of the latest external call made in this scope (null: none yet). */
export function lastApiCallId(): string | null {
  return currentCorrelation().calls?.lastId ?? null;
}
