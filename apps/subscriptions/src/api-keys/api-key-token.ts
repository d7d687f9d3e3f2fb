import { createHash, randomBytes } from 'node:crypto';

/** API keys are `hsk_` + base64url of 32 random bytes. */
export const API_KEY_PREFIX = 'hsk_';
const API_KEY_PATTERN = /^hsk_[A-Za-z0-9_-]{43}$/;
/** How much of a key is kept in clear, to recognise it in a list. */
const DISPLAY_PREFIX_LENGTH = 12;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function looksLikeApiKey(token: string): boolean {
  return API_KEY_PATTERN.test(token);
}

/** SHA-256 hex: what the database stores and looks keys up by. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}
