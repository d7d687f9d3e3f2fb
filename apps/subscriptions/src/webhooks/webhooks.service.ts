import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { generateSecret, SecretCipher } from '@app/signing';
import { type DataSource, IsNull, MoreThan, type Repository } from 'typeorm';
import { encodeIdCursor } from '../common/cursor';
import { type Page, toPage } from '../common/pagination';
import { newWebhook } from './new-webhook';
import { rotateSecrets } from './secret-rotation';
import { applyWebhookPatch } from './webhook-changes';
import { publishBeforeAnswering, WebhookPublisher } from './webhook-publisher.service';
import { WebhookUrlPolicy } from './webhook-url-policy';
import { toWebhookJson } from './webhook.presenter';
import {
  type CreatedWebhookJson,
  type CreateWebhookBody,
  isWebhookId,
  type ListWebhooksQuery,
  type RotateSecretBody,
  type UpdateWebhookBody,
  type WebhookJson,
} from './webhook.schemas';
import { WebhookEntity } from './webhook.entity';

/**
 * Webhook CRUD for one company. Every change commits with a bumped version and is then
 * published (awaited) before the call answers, so an event produced after a successful call
 * is routed with the change.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    private readonly publisher: WebhookPublisher,
    private readonly urlPolicy: WebhookUrlPolicy,
    private readonly cipher: SecretCipher,
  ) {}

  async create(companyId: string, body: CreateWebhookBody): Promise<CreatedWebhookJson> {
    const url = await this.urlPolicy.check(body.url);
    const secret = body.secret ?? generateSecret();
    const webhook = newWebhook({
      companyId,
      kind: 'endpoint',
      url,
      description: body.description,
      events: body.events,
      enabled: body.enabled,
      secretCiphertext: this.cipher.encrypt(secret),
    });
    await this.webhooks.insert(webhook);
    await this.publishOrFail(webhook.id);
    return { ...toWebhookJson(webhook), secret };
  }

  async list(companyId: string, { limit, cursor }: ListWebhooksQuery): Promise<Page<WebhookJson>> {
    const rows = await this.webhooks.find({
      where: {
        companyId,
        kind: 'endpoint',
        deletedAt: IsNull(),
        ...(cursor ? { id: MoreThan(cursor) } : {}),
      },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, toWebhookJson, (row) => encodeIdCursor(row.id));
  }

  async get(companyId: string, id: string): Promise<WebhookJson> {
    return toWebhookJson(await this.findOrFail(companyId, id));
  }

  async update(companyId: string, id: string, patch: UpdateWebhookBody): Promise<WebhookJson> {
    if (!isWebhookId(id)) throw ApiError.notFound('Webhook');
    const url = patch.url === undefined ? undefined : await this.urlPolicy.check(patch.url);
    const webhook = await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(WebhookEntity, {
        where: { id, companyId, kind: 'endpoint', deletedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw ApiError.notFound('Webhook');
      const { next, changed, enabledChanged } = applyWebhookPatch(current, { ...patch, url });
      if (!changed) return current;
      const now = new Date();
      Object.assign(current, next, { version: current.version + 1, updatedAt: now });
      if (enabledChanged) current.enabledChangedAt = now;
      await manager.save(current);
      return current;
    });
    // Also when nothing changed: answering 200 promises the current state is on the topic.
    await this.publishOrFail(id);
    return toWebhookJson(webhook);
  }

  /**
   * Makes a new secret the one that signs first; older ones keep signing until the grace period
   * ends (see rotateSecrets). Published like every change before it answers, so every attempt
   * made after this call returns carries a signature with the new secret.
   */
  async rotateSecret(
    companyId: string,
    id: string,
    { gracePeriodSeconds, secret: supplied }: RotateSecretBody,
  ): Promise<{ secret: string }> {
    if (!isWebhookId(id)) throw ApiError.notFound('Webhook');
    const secret = supplied ?? generateSecret();
    const ciphertext = this.cipher.encrypt(secret);
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(WebhookEntity, {
        where: { id, companyId, kind: 'endpoint', deletedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw ApiError.notFound('Webhook');
      const now = new Date();
      current.secrets = rotateSecrets(current.secrets, ciphertext, now, gracePeriodSeconds);
      current.version += 1;
      current.updatedAt = now;
      await manager.save(current);
    });
    await this.publishOrFail(id);
    return { secret };
  }

  async remove(companyId: string, id: string): Promise<void> {
    if (!isWebhookId(id)) throw ApiError.notFound('Webhook');
    const result = await this.webhooks
      .createQueryBuilder()
      .update()
      .set({ deletedAt: () => 'now()', updatedAt: () => 'now()', version: () => 'version + 1' })
      .where({ id, companyId, kind: 'endpoint', deletedAt: IsNull() })
      .execute();
    if (!result.affected) throw ApiError.notFound('Webhook');
    await this.publishOrFail(id);
  }

  private async findOrFail(companyId: string, id: string): Promise<WebhookEntity> {
    const webhook = isWebhookId(id)
      ? await this.webhooks.findOneBy({ id, companyId, kind: 'endpoint', deletedAt: IsNull() })
      : null;
    if (!webhook) throw ApiError.notFound('Webhook');
    return webhook;
  }

  private publishOrFail(id: string): Promise<void> {
    return publishBeforeAnswering(this.publisher, id);
  }
}
