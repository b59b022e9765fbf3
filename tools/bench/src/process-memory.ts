import { readFileSync, writeFileSync } from 'node:fs';

const MB = 1024 * 1024;

export function currentRssMb(): number {
  return process.memoryUsage().rss / MB;
}

/**
 * The kernel's high-water mark of this process's RSS (VmHWM), in MB: it also catches peaks inside synchronous
 * work, when no timer can sample. Outside Linux, the lifetime maximum from getrusage.
 */
export function peakRssMb(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Restarts the high-water mark from the current RSS (Linux: `5` into /proc/self/clear_refs), so the next
 * `peakRssMb()` covers only what follows. Returns false where that is impossible (the peak is then lifetime).
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
