// Integration tests: the real app (supertest) on a real PostgreSQL, one throwaway database per test file.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'api:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 30_000,
};
