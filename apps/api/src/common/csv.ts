import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * One CSV cell: empty for null/undefined, quoted when it holds a quote, comma or line break, and a leading
 * =, +, - or @ neutralised with an apostrophe so a spreadsheet never runs a cell as a formula (CSV injection).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line, ending in \n. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\n`;
}

/**
 * Streams a CSV download: the header line, then each batch of rows as it arrives, and ends the response. Waits
 * for the socket to drain when its buffer is full, so a slow client never makes the whole export sit in memory.
 */
export async function writeCsv<T>(
  out: Writable,
  header: readonly string[],
  batches: AsyncIterable<readonly T[]>,
  cellsOf: (row: T) => readonly unknown[],
): Promise<void> {
  await write(out, csvLine(header));
  for await (const batch of batches) {
    if (out.destroyed) return;
    await write(out, batch.map((row) => csvLine(cellsOf(row))).join(''));
  }
  out.end();
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!chunk || out.write(chunk)) return;
  // Resumes on drain, or when the client went away (then the loop above stops); never rejects.
  const done = new AbortController();
  await Promise.race([once(out, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]).catch(() => undefined);
  done.abort();
}
