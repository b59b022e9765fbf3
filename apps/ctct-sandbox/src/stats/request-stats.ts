import { utcDayKey } from '../clock';

export interface StatsSnapshot {
  /** Every V3 request that matched an operation, refused ones included. */
  total: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests the rate limiter admitted (they spent budget). */
  admitted: number;
  /** The most admitted requests in any one wall-clock second (all clients together). */
  maxInAnySecond: number;
  /** The same, per OAuth client id. */
  maxInAnySecondByClient: Record<string, number>;
  /** The most requests (admitted or not) that arrived in any one wall-clock second. */
  maxAttemptedInAnySecond: number;
  /** Admitted requests per UTC day of the sandbox clock. */
  perDay: Record<string, number>;
  /** Refused by the per-second limit (`throttled`). */
  throttled: number;
  /** Refused by the daily quota (`quota_exceeded`). */
  quotaExceeded: number;
  /** Requests a fault answered (error, drop, timeout, storm). */
  faulted: { error: number; drop: number; timeout: number; storm: number };
  /** Import rows past the 4 MB mark that CC silently drops. */
  importRowsDropped: number;
  /** Requests to the OAuth token endpoint (code exchanges and refreshes), and those refused by its 1/s limit. */
  token: { requests: number; throttled: number };
}

/** Counters for tests and benches: how many calls a job made, and that no second exceeded the limit. */
export class RequestStats {
  private snapshotState = emptyStats();
  private attemptsPerSecond = new Map<number, number>();
  private admittedPerSecond = new Map<number, number>();
  private admittedPerClientSecond = new Map<string, number>();

  recordRequest(operationId: string): void {
    const s = this.snapshotState;
    s.total++;
    s.byOperation[operationId] = (s.byOperation[operationId] ?? 0) + 1;
    const second = Math.floor(Date.now() / 1000);
    const attempts = (this.attemptsPerSecond.get(second) ?? 0) + 1;
    this.attemptsPerSecond.set(second, attempts);
    s.maxAttemptedInAnySecond = Math.max(s.maxAttemptedInAnySecond, attempts);
    prune(this.attemptsPerSecond, second);
  }

  recordAdmitted(clientId: string, sandboxNow: number): void {
    const s = this.snapshotState;
    s.admitted++;
    const second = Math.floor(Date.now() / 1000);
    const count = (this.admittedPerSecond.get(second) ?? 0) + 1;
    this.admittedPerSecond.set(second, count);
    s.maxInAnySecond = Math.max(s.maxInAnySecond, count);
    prune(this.admittedPerSecond, second);
    const key = `${clientId} ${second}`;
    const perClient = (this.admittedPerClientSecond.get(key) ?? 0) + 1;
    this.admittedPerClientSecond.set(key, perClient);
    s.maxInAnySecondByClient[clientId] = Math.max(s.maxInAnySecondByClient[clientId] ?? 0, perClient);
    if (this.admittedPerClientSecond.size > 10_000) this.admittedPerClientSecond.clear();
    const day = utcDayKey(sandboxNow);
    s.perDay[day] = (s.perDay[day] ?? 0) + 1;
  }

  recordStatus(status: number): void {
    const key = String(status);
    this.snapshotState.byStatus[key] = (this.snapshotState.byStatus[key] ?? 0) + 1;
  }

  recordThrottled(kind: 'throttled' | 'quota_exceeded'): void {
    if (kind === 'throttled') this.snapshotState.throttled++;
    else this.snapshotState.quotaExceeded++;
  }

  recordFault(kind: keyof StatsSnapshot['faulted']): void {
    this.snapshotState.faulted[kind]++;
  }

  recordTokenRequest(admitted: boolean): void {
    this.snapshotState.token.requests++;
    if (!admitted) this.snapshotState.token.throttled++;
  }

  recordImportRowsDropped(rows: number): void {
    this.snapshotState.importRowsDropped += rows;
  }

  snapshot(): StatsSnapshot {
    return structuredClone(this.snapshotState);
  }

  reset(): void {
    this.snapshotState = emptyStats();
    this.attemptsPerSecond.clear();
    this.admittedPerSecond.clear();
    this.admittedPerClientSecond.clear();
  }
}

function emptyStats(): StatsSnapshot {
  return {
    total: 0,
    byOperation: {},
    byStatus: {},
    admitted: 0,
    maxInAnySecond: 0,
    maxInAnySecondByClient: {},
    maxAttemptedInAnySecond: 0,
    perDay: {},
    throttled: 0,
    quotaExceeded: 0,
    faulted: { error: 0, drop: 0, timeout: 0, storm: 0 },
    importRowsDropped: 0,
    token: { requests: 0, throttled: 0 },
  };
}

/** Only recent seconds matter for counting; keep the maps small. */
function prune(map: Map<number, number>, current: number): void {
  if (map.size < 120) return;
  for (const second of map.keys()) if (second < current - 5) map.delete(second);
}
