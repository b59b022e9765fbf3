// Small helpers shared by the npm scripts (start, test, bench, sandbox, build, lint, format). They run on the Node chosen by run.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * How the API process runs (npm start, and the bench, whose scenarios run the API in their own process): its memory
 * is what the bench measures. V8 sized the young generation at 128 MB on a 24 GB machine and glibc kept an arena
 * per thread: a million-contact link run peaked at 480 MB of RSS with 50 MB of live heap (bench link-full-1m).
 * A 16 MB semi-space and two malloc arenas bring a 50,000-contact link from 318 to 221 MB at the same speed.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=16'];
export const API_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' };

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

/**
 * ESLint over the workspace (eslint.config.mjs); `args` go to ESLint (`--fix`, paths). Returns ESLint's exit status.
 * Nx's module-boundaries rule reads the project graph Nx cached in .nx/, so the graph is refreshed first; ESLint's
 * cache under tmp/ is keyed by the graph's projects, tags and edges, since a change there can turn an unchanged
 * file's import into an error (or clear one).
 */
export function lint(args = []) {
  const cacheDir = join(root, 'tmp/eslint');
  mkdirSync(cacheDir, { recursive: true });
  const graphFile = join(cacheDir, 'project-graph.json');
  run('nx', ['graph', `--file=${graphFile}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  const { nodes, dependencies } = JSON.parse(readFileSync(graphFile, 'utf8')).graph;
  const layout = Object.keys(nodes)
    .sort()
    .map((name) => [name, nodes[name].data.root, nodes[name].data.tags, dependencies[name].map((edge) => edge.target).sort()]);
  const key = createHash('sha256').update(JSON.stringify(layout)).digest('hex').slice(0, 16);
  for (const old of readdirSync(cacheDir).filter((file) => file.startsWith('cache-') && file !== `cache-${key}`)) {
    rmSync(join(cacheDir, old), { force: true });
  }
  const cache = ['--cache', '--cache-strategy', 'content', '--cache-location', join(cacheDir, `cache-${key}`)];
  // Without paths, ESLint 9 lints the whole workspace (its cwd).
  return spawnSync('eslint', [...cache, '--max-warnings', '0', ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

/** Prettier over the workspace (.prettierrc, .prettierignore): rewrites files, or with `check` only lists the ones it would change. */
export function format({ check = false } = {}) {
  const cache = ['--cache', '--cache-strategy', 'content', '--cache-location', join(root, 'tmp/prettier-cache')];
  const mode = check ? ['--check', '--log-level', 'warn'] : ['--write', '--log-level', 'warn'];
  return spawnSync('prettier', [...cache, ...mode, '.'], { cwd: root, stdio: 'inherit' }).status ?? 1;
}
