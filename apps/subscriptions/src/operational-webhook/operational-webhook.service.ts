import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { generateSecret, SecretCipher } from '@app/signing';
import { type DataSource, type EntityManager, IsNull, QueryFailedError } from 'typeorm';
import { newWebhook } from '../webhooks/new-webhook';
import { publishBeforeAnswering, WebhookPublisher } from '../webhooks/webhook-publisher.service';
import { WebhookUrlPolicy } from '../webhooks/webhook-url-policy';
import { WebhookEntity } from '../webhooks/webhook.entity';
import {
  type CreatedOperationalWebhookJson,
  type OperationalWebhookJson,
} from './operational-webhook.schemas';

/**
 * A company's operational webhook: a webhook row of kind `operational` (at most one not deleted,
 * by a unique index), published on hookstream.subscriptions like any so delivery can sign and
 * send to it, but with no event filters and marked operational, so fan-out never routes domain
 * events to it. It never appears under /v1/webhooks and is never disabled automatically.
 */
@Injectable()
export class OperationalWebhookService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: WebhookPublisher,
    private readonly urlPolicy: WebhookUrlPolicy,
    private readonly cipher: SecretCipher,
  ) {}

  /** Creates it (answering its secret) or points it at `url`. */
  async put(
    companyId: string,
    url: string,
  ): Promise<
    | { created: true; json: CreatedOperationalWebhookJson }
    | { created: false; json: OperationalWebhookJson }
  > {
    const checked = await this.urlPolicy.check(url);
    const result = await this.dataSource
      .transaction((manager) => this.upsert(manager, companyId, checked))
      .catch(async (error: unknown) => {
        // Two first PUTs at once: the other one created it; change that one.
        if (!isUniqueViolation(error)) throw error;
        return this.dataSource.transaction((manager) => this.upsert(manager, companyId, checked));
      });
    await publishBeforeAnswering(this.publisher, result.webhook.id);
    const json = toJson(result.webhook);
    return result.secret === undefined
      ? { created: false, json }
      : { created: true, json: { ...json, secret: result.secret } };
  }

  async get(companyId: string): Promise<OperationalWebhookJson> {
    const webhook = await this.dataSource.getRepository(WebhookEntity).findOneBy({
      companyId,
      kind: 'operational',
      deletedAt: IsNull(),
    });
    if (!webhook) throw ApiError.notFound('Operational webhook');
    return toJson(webhook);
  }

  /** Stops operational deliveries; events stay on hookstream.operational. */
  async remove(companyId: string): Promise<void> {
    const [[deleted]] = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE webhooks SET deleted_at = now(), updated_at = now(), version = version + 1
        WHERE company_id = $1 AND kind = 'operational' AND deleted_at IS NULL
        RETURNING id`,
      [companyId],
    );
    if (!deleted) throw ApiError.notFound('Operational webhook');
    await publishBeforeAnswering(this.publisher, deleted.id);
  }

  private async upsert(
    manager: EntityManager,
    companyId: string,
    url: string,
  ): Promise<{ webhook: WebhookEntity; secret?: string }> {
    const current = await manager.findOne(WebhookEntity, {
      where: { companyId, kind: 'operational', deletedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    const now = new Date();
    if (current) {
      if (current.url !== url) {
        Object.assign(current, { url, version: current.version + 1, updatedAt: now });
        await manager.save(current);
      }
      return { webhook: current };
    }
    const secret = generateSecret();
    const webhook = newWebhook(
      {
        companyId,
        kind: 'operational',
        url,
        description: 'Operational events',
        events: [],
        enabled: true,
        secretCiphertext: this.cipher.encrypt(secret),
      },
      now,
    );
    await manager.insert(WebhookEntity, webhook);
    return { webhook, secret };
  }
}

function toJson(webhook: WebhookEntity): OperationalWebhookJson {
  return {
    id: webhook.id,
    url: webhook.url,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === '23505'
  );
}
