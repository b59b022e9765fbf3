// `npm run sandbox`: the Constant Contact V3 sandbox on its own (port 4010 unless SANDBOX_PORT is set).
import { spawnSync } from 'node:child_process';
import { build, root } from './lib.mjs';

build(['ctct-sandbox']);
const result = spawnSync(process.execPath, ['dist/ctct-sandbox/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 0);
