// Small helpers shared by the npm scripts (start, test, bench, sandbox, build). They run on the Node chosen by run.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs a command to completion with inherited output; throws (with the command in the message) on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
  }
  return result;
}

/** Builds the given Nx projects (cached by Nx when nothing changed). */
export function build(projects) {
  run('nx', ['run-many', '-t', 'build', '-p', projects.join(','), '--output-style=stream-without-prefixes'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * Starts a child process and resolves once `ready(line)` is true for one of its stdout lines.
 * Lines go to `onLine`; the child's stderr is passed through.
 */
export function startProcess(command, args, { env, ready, onLine = () => {}, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not become ready in ${timeoutMs / 1000}s`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        onLine(line);
        if (ready(line)) {
          clearTimeout(timer);
          resolvePromise(child);
        }
      }
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited early (${code ?? signal})`));
    });
  });
}
