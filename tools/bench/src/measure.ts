import { currentRssMb, peakRssMb, resetPeakRss } from './process-memory';

export interface Measured<T> {
  value: T;
  wallMs: number;
  /** Peak RSS of this process during `work`, in MB. */
  peakRssMb: number;
  /** Peak of the JS heap in use (sampled): live objects plus garbage not yet collected, without V8's free pages. */
  peakHeapUsedMb: number;
}

/**
 * Times `work` and tracks this process's peak RSS meanwhile: `process.memoryUsage().rss` sampled every
 * `sampleEveryMs` (50 ms), plus — on Linux — the kernel's high-water mark restarted at the start, which also
 * catches a peak inside synchronous work that no timer could sample.
 */
export async function measure<T>(work: () => Promise<T> | T, { sampleEveryMs = 50 } = {}): Promise<Measured<T>> {
  const highWaterFromHere = resetPeakRss();
  let peak = currentRssMb();
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, currentRssMb());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed / (1024 * 1024));
  }, sampleEveryMs);
  const started = performance.now();
  try {
    const value = await work();
    const wallMs = performance.now() - started;
    peak = Math.max(peak, currentRssMb(), highWaterFromHere ? peakRssMb() : 0);
    return { value, wallMs, peakRssMb: peak, peakHeapUsedMb: peakHeap };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * A full, memory-reducing collection before a measured phase (`node --expose-gc`): V8's "last resort" GC also gives
 * the emptied heap pages back to the system. A plain gc() left up to ~200 MB of a setup's freed heap in the RSS
 * (a link run at a raised rate: 183 → 349 MB with 52 MB live), billed to whatever was measured next.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: (options?: object) => void }).gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** Runs `work` `runs` times in a row and returns each run's milliseconds. */
export async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}
