module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ctct-sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
