import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PeriodicJob } from '@app/periodic-task';
import { SecretCipher } from '@app/signing';
import { type DataSource } from 'typeorm';
import { currentCiphertextPrefix } from '../secrets/ciphertext-prefix';
import { reencryptSecrets } from './secret-reencryption';
import { WebhookPublisher } from './webhook-publisher.service';
import { WebhookEntity } from './webhook.entity';

/** How often rows still encrypted under an older key are looked for (also once at start). */
export const REENCRYPT_INTERVAL_MS = 60_000;
const PAGE_SIZE = 100;

/**
 * Encryption-key rotation: finds webhooks with a secret encrypted under a key other than the
 * current SECRETS_ENCRYPTION_KEY, re-encrypts those secrets under it (the old key must still be
 * in SECRETS_ENCRYPTION_PREVIOUS_KEYS), bumps the version and publishes the new state, so the
 * copies on hookstream.subscriptions move to the new key too. Runs at start and every minute;
 * once a pass finds nothing, the old key can be removed from every app.
 */
@Injectable()
export class WebhookSecretReencryptor extends PeriodicJob {
  private readonly logger = new Logger(WebhookSecretReencryptor.name);
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
    private readonly publisher: WebhookPublisher,
  ) {
    super({ name: 'secret re-encryption', intervalMs: REENCRYPT_INTERVAL_MS });
  }

  override async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await super.onModuleDestroy();
  }

  protected async runOnce(): Promise<void> {
    const count = await this.reencryptAll();
    if (count > 0) {
      this.logger.log({
        msg: `re-encrypted the secrets of ${count} webhook(s) under key ${this.cipher.currentKeyId}`,
        count,
        keyId: this.cipher.currentKeyId,
      });
    }
  }

  /** One pass over every webhook; returns how many were re-encrypted. */
  async reencryptAll(): Promise<number> {
    const prefix = currentCiphertextPrefix(this.cipher);
    let after = '';
    let count = 0;
    while (!this.stopped) {
      const rows = await this.dataSource.query<Array<{ id: string }>>(
        `SELECT id FROM webhooks w
          WHERE w.deleted_at IS NULL AND w.id > $1
            AND EXISTS (SELECT 1 FROM jsonb_array_elements(w.secrets) s
                         WHERE left(s->>'ciphertext', $2) IS DISTINCT FROM $3)
          ORDER BY w.id
          LIMIT $4`,
        [after, prefix.length, prefix, PAGE_SIZE],
      );
      for (const { id } of rows) {
        if (!(await this.reencryptOne(id))) continue;
        count += 1;
        // Committed with a bumped version: if Kafka is down, the publisher's sweep publishes it.
        await this.publisher.publish(id).catch((error: unknown) => {
          this.logger.warn({
            msg: 'a re-encrypted webhook is not published yet',
            webhookId: id,
            err: error,
          });
        });
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE_SIZE) break;
      after = last.id;
    }
    return count;
  }

  /** True when the row changed. A secret under an unknown key is logged and left alone. */
  private reencryptOne(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const webhook = await manager.findOne(WebhookEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!webhook || webhook.deletedAt) return false;
      let result;
      try {
        result = reencryptSecrets(webhook.secrets, this.cipher);
      } catch (error) {
        this.logger.error({
          msg: 'a webhook has a secret that cannot be decrypted with the configured keys',
          webhookId: id,
          err: error,
        });
        return false;
      }
      if (result.changed === 0) return false;
      // updated_at stays: nothing a client set has changed.
      await manager.update(
        WebhookEntity,
        { id },
        { secrets: result.secrets, version: webhook.version + 1 },
      );
      return true;
    });
  }
}
