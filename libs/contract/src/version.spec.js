'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const node_fs_1 = require('node:fs');
const node_path_1 = require('node:path');
const version_1 = require('./version');
describe('HOOKSTREAM_VERSION', () => {
  it('equals the version in package.json', () => {
    const packageJson = JSON.parse(
      (0, node_fs_1.readFileSync)(
        (0, node_path_1.join)(__dirname, '..', '..', '..', 'package.json'),
        'utf8',
      ),
    );
    expect(version_1.HOOKSTREAM_VERSION).toBe(packageJson.version);
  });
});
//# sourceMappingURL=version.spec.js.map
