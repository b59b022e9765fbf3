/** Progress for the person watching: always stderr, since stdout carries only result lines. */
export function progress(scope: string, message: string): void {
  process.stderr.write(`[bench:${scope}] ${message}\n`);
}
