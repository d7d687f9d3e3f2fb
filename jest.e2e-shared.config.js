/**
 * The shared e2e run: files under test/shared/ need no special configuration, so one platform
 * (the three built apps as processes, against the broker and database scripts/test.mjs
 * provides) is started once for all of them (test/support/shared-platform.setup.ts).
 */
const base = require('./jest.e2e.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/shared/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/shared-platform.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/shared-platform.global-teardown.ts',
};
