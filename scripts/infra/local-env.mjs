// @ts-check
// Settings a local run generates once and keeps in .cache/local-env.json: the admin token
// and the key that encrypts webhook secrets at rest (a new key would orphan stored secrets).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './kafka.mjs';

const FILE = path.join(REPO_ROOT, '.cache', 'local-env.json');

/**
 * @param {string} file
 * @returns {unknown}
 */
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** @typedef {{ ADMIN_TOKEN: string, SECRETS_ENCRYPTION_KEY: string }} LocalSecrets */

/** @returns {LocalSecrets} */
export function localSecrets() {
  /** @type {Partial<LocalSecrets>} */
  let saved = {};
  if (fs.existsSync(FILE)) saved = /** @type {Partial<LocalSecrets>} */ (readJson(FILE));
  const secrets = {
    ADMIN_TOKEN: saved.ADMIN_TOKEN ?? `hsa_${randomBytes(24).toString('base64url')}`,
    SECRETS_ENCRYPTION_KEY: saved.SECRETS_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
  };
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
