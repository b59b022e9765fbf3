// `npm run bench [-- <scenario>…]`: the benchmarks (tools/bench). Builds the api and the sandbox, compiles the
// bench harness with what it imports (apps/api/src and its test support, apps/ctct-sandbox/src, libs/shared/types/src, tools/demo/src)
// into dist/bench with swc, then runs it. stdout carries only the result lines (one JSON object per scenario);
// build output and progress go to stderr.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { API_NODE_FLAGS, API_PROCESS_ENV, build, root, run } from './lib.mjs';

const outDir = join(root, 'dist/bench');
const sources = [
  'tools/bench/src',
  'apps/api/src',
  'apps/api/test/support',
  'apps/ctct-sandbox/src',
  'libs/shared/types/src',
  'tools/demo/src',
];

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The root .swcrc plus the @ctct/sandbox alias (the api's build does not need it; the benches do), in tmp/. */
function swcConfig() {
  const config = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
  config.jsc.baseUrl = root;
  config.jsc.paths = { ...config.jsc.paths, '@ctct/sandbox': ['apps/ctct-sandbox/src/index.ts'] };
  const file = join(root, 'tmp/bench.swcrc');
  mkdirSync(join(root, 'tmp'), { recursive: true });
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

const t0 = Date.now();
log('building api and ctct-sandbox…');
build(['api', 'ctct-sandbox']);
log('compiling the bench harness…');
rmSync(outDir, { recursive: true, force: true });
run('swc', [...sources, '-d', 'dist/bench', '--config-file', swcConfig(), '--ignore', '**/*.spec.ts', '--quiet'], {
  stdio: ['ignore', 2, 2],
});
log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// The scenarios run the API in this process: it runs as npm start runs the API (lib.mjs).
const harness = join(outDir, 'tools/bench/src/run-benchmarks.js');
const result = spawnSync(process.execPath, ['--expose-gc', ...API_NODE_FLAGS, harness, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...API_PROCESS_ENV },
});
process.exit(result.status ?? 1);
