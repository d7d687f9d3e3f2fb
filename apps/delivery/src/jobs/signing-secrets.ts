import { type WebhookState } from '@app/contract';
import { type SecretCipher } from '@app/signing';

interface Decrypted {
  version: number;
  secrets: Array<{ secret: string; expiresAt: number | null }>;
}

/**
 * A webhook's signing secrets in the clear, decrypted once per webhook version rather than on
 * every attempt (a webhook's secrets change only with its version).
 */
export class SigningSecrets {
  private readonly byWebhook = new Map<string, Decrypted>();

  constructor(private readonly cipher: SecretCipher) {}

  /** The secrets that sign at `now`, newest first; throws when one cannot be decrypted. */
  valid(webhook: WebhookState, now: number): string[] {
    let decrypted = this.byWebhook.get(webhook.id);
    if (!decrypted || decrypted.version !== webhook.version) {
      decrypted = {
        version: webhook.version,
        secrets: webhook.secrets.map(({ ciphertext, expiresAt }) => ({
          secret: this.cipher.decrypt(ciphertext),
          expiresAt: expiresAt === null ? null : Date.parse(expiresAt),
        })),
      };
      this.byWebhook.set(webhook.id, decrypted);
    }
    return decrypted.secrets
      .filter(({ expiresAt }) => expiresAt === null || expiresAt > now)
      .map(({ secret }) => secret);
  }
}
