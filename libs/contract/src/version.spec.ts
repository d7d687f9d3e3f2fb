import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOKSTREAM_VERSION } from './version';

describe('HOOKSTREAM_VERSION', () => {
  it('equals the version in package.json', () => {
    const packageJson = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };

    expect(HOOKSTREAM_VERSION).toBe(packageJson.version);
  });
});
