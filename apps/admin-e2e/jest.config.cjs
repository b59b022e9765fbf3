// Browser end-to-end tests: the built app (dist/) as a real process, driven in Chromium by playwright-core.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'admin-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 120_000,
  setupFilesAfterEnv: ['<rootDir>/src/support/jest-setup.ts'],
};
