import { randomBytes } from 'node:crypto';
import { decodeStrictBase64 } from './base64';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const GENERATED_SECRET_BYTES = 32;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

/** A new webhook secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(GENERATED_SECRET_BYTES).toString('base64');
}

/** The HMAC key bytes of a `whsec_` secret of 24–64 bytes, or undefined when it is not one. */
export function parseSecret(secret: string): Buffer | undefined {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) return undefined;
  const key = decodeStrictBase64(secret.slice(WEBHOOK_SECRET_PREFIX.length));
  if (!key || key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) return undefined;
  return key;
}

export function isValidSecret(secret: string): boolean {
  return parseSecret(secret) !== undefined;
}
