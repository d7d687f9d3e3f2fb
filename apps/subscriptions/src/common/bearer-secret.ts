import { createHash, randomBytes } from 'node:crypto';

/**
 * A kind of bearer credential Hookstream issues: `<prefix>` + base64url of 32 random bytes.
 * The prefix makes a leaked one recognisable (secret scanners) and lets the authenticator tell
 * the kinds apart without a lookup; only the SHA-256 is ever stored.
 */
export interface BearerSecretKind {
  readonly prefix: string;
  readonly generate: () => string;
  /** True when `token` has this kind's exact shape (checked before touching the database). */
  readonly looksLike: (token: string) => boolean;
  /** SHA-256 hex: what the database stores and looks the secret up by. */
  readonly hash: (token: string) => string;
}

export function bearerSecretKind(prefix: string): BearerSecretKind {
  const pattern = new RegExp(`^${prefix}[A-Za-z0-9_-]{43}$`);
  return {
    prefix,
    generate: () => prefix + randomBytes(32).toString('base64url'),
    looksLike: (token) => pattern.test(token),
    hash: (token) => createHash('sha256').update(token, 'utf8').digest('hex'),
  };
}
