// @ts-check
// Installs npm dependencies (npm ci) when node_modules is missing or older than package-lock.json
// or a patch in patches/, so `npm start` and `npm test` work on a fresh clone with nothing done by
// hand.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './kafka.mjs';

export function ensureDependencies() {
  const installed = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');
  // The lock file, and the patches npm ci's postinstall applies to what it installed.
  const patches = path.join(REPO_ROOT, 'patches');
  const inputs = [
    path.join(REPO_ROOT, 'package-lock.json'),
    ...(fs.existsSync(patches)
      ? fs.readdirSync(patches).map((name) => path.join(patches, name))
      : []),
  ];
  const upToDate =
    fs.existsSync(installed) &&
    inputs.every((input) => fs.statSync(installed).mtimeMs >= fs.statSync(input).mtimeMs);
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
