// The browser the end-to-end tests drive: Debian's Chromium (playwright-core never downloads
// one). Installed with apt-get when missing, as CI runs on a fresh machine of this kind as root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return false;
  console.log(`\n› installing chromium with apt-get (${CHROMIUM} is missing)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed: install chromium (Debian) by hand`);
    }
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium installed, but ${CHROMIUM} is missing`);
  return true;
}
