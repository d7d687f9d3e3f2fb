// @ts-check
// Installs npm dependencies (npm ci) when node_modules is missing or older than package-lock.json,
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
  // `npm ci` installs exactly the lock file and never rewrites it, so a fresh clone stays clean.
  console.log('› installing dependencies (npm ci, from package-lock.json)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error('npm ci failed: see the output above');
  }
  return true;
}
