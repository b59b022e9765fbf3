import { SeededRandom } from '../scenario/random';

export interface FaultConfig {
  /** Added before every affected request is handled. */
  latencyMs?: number;
  /** Share of requests answered with `errorStatus` (default 500). */
  errorRate?: number;
  errorStatus?: 500 | 503;
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate?: number;
  /** Share of requests never answered (the client's timeout must fire). */
  timeoutRate?: number;
  /** The next N affected requests get 429 `throttled`, whatever the real budget says. */
  stormRemaining?: number;
  /** The first N affected requests go through unharmed; the faults start after them ("fails half-way"). */
  afterRequests?: number;
  /** Limit the faults to these operationIds (default: every V3 operation). */
  operations?: string[];
  /** Makes the random draws reproducible. */
  seed?: number | string;
}

export type FaultAction = 'none' | 'drop' | 'timeout' | 'error' | 'storm';

export interface FaultDecision {
  latencyMs: number;
  action: FaultAction;
  errorStatus: 500 | 503;
}

const NO_FAULT: FaultDecision = { latencyMs: 0, action: 'none', errorStatus: 500 };

/** Decides, per V3 request, which injected fault (if any) it suffers. */
export class FaultInjector {
  private config: FaultConfig = {};
  private random: SeededRandom | null = null;

  set(config: FaultConfig): void {
    for (const key of ['errorRate', 'dropRate', 'timeoutRate'] as const) {
      const rate = config[key];
      if (rate !== undefined && (typeof rate !== 'number' || rate < 0 || rate > 1)) throw new Error(`${key} must be between 0 and 1`);
    }
    if (config.errorStatus !== undefined && config.errorStatus !== 500 && config.errorStatus !== 503) {
      throw new Error('errorStatus must be 500 or 503');
    }
    this.config = { ...config };
    this.random = new SeededRandom(config.seed ?? Date.now());
  }

  clear(): void {
    this.config = {};
    this.random = null;
  }

  current(): FaultConfig {
    return { ...this.config };
  }

  decide(operationId: string): FaultDecision {
    const c = this.config;
    if (!this.random) return NO_FAULT;
    if (c.operations?.length && !c.operations.includes(operationId)) return NO_FAULT;
    if ((c.afterRequests ?? 0) > 0) {
      c.afterRequests!--;
      return NO_FAULT;
    }
    const decision: FaultDecision = { latencyMs: c.latencyMs ?? 0, action: 'none', errorStatus: c.errorStatus ?? 500 };
    if ((c.stormRemaining ?? 0) > 0) {
      c.stormRemaining!--;
      decision.action = 'storm';
      return decision;
    }
    const draw = this.random.next();
    const drop = c.dropRate ?? 0;
    const timeout = drop + (c.timeoutRate ?? 0);
    const error = timeout + (c.errorRate ?? 0);
    if (draw < drop) decision.action = 'drop';
    else if (draw < timeout) decision.action = 'timeout';
    else if (draw < error) decision.action = 'error';
    return decision;
  }
}
