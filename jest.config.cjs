// Every Jest suite of the workspace; `npm test` runs them all in one go (see tools/scripts/test.mjs).
const { existsSync } = require('node:fs');

const projects = [
  'apps/api/jest.config.cjs',
  'apps/api/jest.int.config.cjs',
  'apps/ctct-sandbox/jest.config.cjs',
  'apps/admin-e2e/jest.config.cjs',
  'tools/jest.config.cjs',
].filter((config) => existsSync(`${__dirname}/${config}`));

// testTimeout is a global option (ignored inside projects): integration and browser suites need more than 5 s.
module.exports = { projects: projects.map((config) => `<rootDir>/${config}`), maxWorkers: 2, testTimeout: 60_000 };
