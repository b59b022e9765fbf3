// Unit tests: pure logic beside the code, no database.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'api:unit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
