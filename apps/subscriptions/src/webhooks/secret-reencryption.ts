import { type SecretCipher } from '@app/signing';
import { type StoredSecret } from './webhook.entity';

export interface ReencryptedSecrets {
  secrets: StoredSecret[];
  /** How many were under an older key (and now are not). */
  changed: number;
}

/**
 * Re-encrypts, under the current key, every secret whose ciphertext was made with an older one
 * (still configured in SECRETS_ENCRYPTION_PREVIOUS_KEYS). Expiries stay as they are. Throws when
 * a ciphertext's key is not configured at all: that secret cannot be recovered here.
 */
export function reencryptSecrets(
  secrets: readonly StoredSecret[],
  cipher: SecretCipher,
): ReencryptedSecrets {
  let changed = 0;
  const next = secrets.map((secret) => {
    if (!cipher.needsReencryption(secret.ciphertext)) return secret;
    changed += 1;
    return {
      ciphertext: cipher.encrypt(cipher.decrypt(secret.ciphertext)),
      expiresAt: secret.expiresAt,
    };
  });
  return { secrets: next, changed };
}
