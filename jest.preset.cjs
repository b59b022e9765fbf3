// Shared Jest settings for the Node projects (api, ctct-sandbox, tools, e2e suites).
// TypeScript and the ESM-only dependencies (NestJS 12, pg-boss…) are compiled to CommonJS by swc,
// with the same options as the build (.swcrc), so decorator metadata works as at run time.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;
// Jest resolves the path alias itself (moduleNameMapper); swc must not rewrite it.
delete swcrc.jsc.baseUrl;
delete swcrc.jsc.paths;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // Transform node_modules too: Jest's loader cannot require() ESM packages.
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@ctct/shared-types$': join(__dirname, 'libs/shared/types/src/index.ts'),
    '^@ctct/demo-data$': join(__dirname, 'tools/demo/src/index.ts'),
    '^@ctct/sandbox$': join(__dirname, 'apps/ctct-sandbox/src/index.ts'),
  },
};
