/**
 * End-to-end specs run the three apps against the real Kafka broker and PostgreSQL
 * that scripts/test.mjs provides (KAFKA_BROKERS, DATABASE_URL), one file at a time. This run
 * holds the files that start apps of their own (special configuration, killed processes, a
 * look inside the apps); jest.e2e-shared.config.js runs test/shared/ on one platform.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  maxWorkers: 1,
  testTimeout: 60_000,
  // kafkajs keeps sockets and timers past disconnect for a moment; do not wait on them.
  forceExit: true,
};
