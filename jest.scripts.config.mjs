// @ts-check
/**
 * Unit specs of the scripts' pure parts (argument parsing, statistics, report formatting). The
 * scripts are ES modules, so jest runs them natively: `NODE_OPTIONS=--experimental-vm-modules`.
 * @type {import('jest').Config}
 */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  transform: {},
  moduleFileExtensions: ['mjs', 'js', 'json'],
  testMatch: ['<rootDir>/scripts/**/*.spec.mjs'],
};
