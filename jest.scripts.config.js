/**
 * Tests of the scripts under scripts/ (plain ES modules, run as they are: no transform). Jest's
 * native ES module support needs NODE_OPTIONS=--experimental-vm-modules, which `npm test` and
 * `npm run test:scripts` set.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['mjs', 'js', 'json'],
  testMatch: ['<rootDir>/scripts/**/*.spec.mjs'],
  transform: {},
};
