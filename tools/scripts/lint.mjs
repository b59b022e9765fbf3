// `npm run lint`: ESLint over the workspace; `npm run lint -- --fix` applies the automatic fixes, `npm run lint -- apps/api`
// lints only that path. Exits non-zero on any error (warnings count as errors).
import { lint } from './lib.mjs';

process.exit(lint(process.argv.slice(2)));
