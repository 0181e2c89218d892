/**
 * Integration tests: the real app over HTTP against real PostgreSQL (TEST_DATABASE_URL, or an
 * embedded cluster started by the global setup). Each test file gets its own database.
 */
const unit = require('./jest.config.cts');

module.exports = {
  ...unit,
  displayName: 'api-integration',
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
};
