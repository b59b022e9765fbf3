// `npm run format`: Prettier rewrites every file it covers; `npm run format:check` (`--check`) only lists the files it
// would change and exits non-zero when there are any.
import { format } from './lib.mjs';

process.exit(format({ check: process.argv.includes('--check') }));
