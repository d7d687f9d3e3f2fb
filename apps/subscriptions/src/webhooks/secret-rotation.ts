import { type StoredSecret } from './webhook.entity';

/** Rotations keep old secrets signing for a day unless told otherwise. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 86_400;
/** At most a week: a receiver has that long to switch to the new secret. */
export const MAX_GRACE_PERIOD_SECONDS = 604_800;
/**
 * Secrets kept per webhook, the new one included. Every kept secret adds a `v1,` signature to
 * each request; rotating over and over within a grace period must not grow the header past what
 * receivers accept (Node's default header limit is 16 KiB), so the oldest go first.
 */
export const MAX_SECRETS = 10;

/**
 * The secrets after a rotation: the new one first and without expiry; every older secret still
 * valid at `now` keeps signing until its own expiry or the end of the grace period, whichever
 * comes first. Expired ones (including those the grace period ends at once) are dropped.
 */
export function rotateSecrets(
  current: readonly StoredSecret[],
  newCiphertext: string,
  now: Date,
  gracePeriodSeconds: number,
): StoredSecret[] {
  const graceEnd = now.getTime() + gracePeriodSeconds * 1_000;
  const older = current
    .map((secret) => {
      const expiry =
        secret.expiresAt === null ? graceEnd : Math.min(Date.parse(secret.expiresAt), graceEnd);
      return { ciphertext: secret.ciphertext, expiry };
    })
    // The delivery app signs with a secret while its expiry is after the attempt.
    .filter(({ expiry }) => Number.isFinite(expiry) && expiry > now.getTime())
    .map(({ ciphertext, expiry }) => ({ ciphertext, expiresAt: new Date(expiry).toISOString() }));
  return [{ ciphertext: newCiphertext, expiresAt: null }, ...older].slice(0, MAX_SECRETS);
}
