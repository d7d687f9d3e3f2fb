// Installs npm dependencies when node_modules is missing or older than package-lock.json,
// so `npm start` and `npm test` work on a fresh clone with nothing done by hand.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './kafka.mjs';

export function ensureDependencies() {
  const lock = path.join(REPO_ROOT, 'package-lock.json');
  const installed = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  const upToDate =
    fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (upToDate) return false;
  // `npm install` honours the lock file like `npm ci`, but unlike npm 11's `npm ci` it does
  // not reject a lock whose platform-specific optional packages (jest's resolver bindings)
  // were recorded without versions.
  console.log('› installing dependencies (npm install, from package-lock.json)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error('npm install failed: see the output above');
  }
  return true;
}
