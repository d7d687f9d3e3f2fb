import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DeliveryJob } from '@app/contract';
import { ApiError } from '@app/http-kit';
import { type Context } from '@app/tracing';
import { type DataSource, IsNull, type Repository } from 'typeorm';
import { jobStep } from '../log-projector/status-precedence';
import { MessageEntity } from '../messages/message.entity';
import { isMessageId } from '../messages/message.schemas';
import { isWebhookId } from '../webhooks/webhook.schemas';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { DeliveryJobProducer } from './delivery-job-producer.service';
import { redeliveryJob, SeriesClock } from './redelivery-job';

/**
 * At most this many messages are redelivered by one recover call, oldest first. The ones it
 * sends are marked pending at once, so calling again with the same `since` picks up the rest.
 */
export const MAX_RECOVER_MESSAGES = 10_000;
/** Messages read (and held in memory with their payloads) at a time while recovering. */
const RECOVER_PAGE_SIZE = 200;
/**
 * How long a redelivery waits for the log to write the payload of a message it knows only from
 * an attempt result so far. The projector writes the two topics independently and trails the
 * deliveries by a few hundred milliseconds, so for that moment a message may already read
 * `delivered` without the payload a redelivery is made of.
 */
export const PAYLOAD_WAIT_MS = 5_000;

/**
 * Redelivers logged messages: produces a job for a new attempt series to hookstream.deliveries
 * (key = webhook id), which the delivery app handles like any first attempt, with
 * `redelivery: true` and the same message id. The log projector then records the new series;
 * the messages are also marked pending here right after Kafka acknowledged their jobs, with the
 * stamp the projector would give them (an idempotent head start, so the API reflects the
 * redelivery at once and a repeated recover does not send them twice).
 */
@Injectable()
export class ReplayService {
  private readonly logger = new Logger(ReplayService.name);
  private readonly seriesClock = new SeriesClock();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    private readonly jobs: DeliveryJobProducer,
  ) {}

  /**
   * Any status: a delivered message is delivered again, a pending one gets a second series. A
   * message whose payload the log has not written yet is waited for (PAYLOAD_WAIT_MS): whoever
   * saw it delivered may redeliver it at once.
   */
  async redeliver(
    companyId: string,
    messageId: string,
    trace: Context,
    payloadWaitMs = PAYLOAD_WAIT_MS,
  ): Promise<void> {
    const message = isMessageId(messageId)
      ? await this.messages.findOneBy({ id: messageId, companyId })
      : null;
    if (!message) throw ApiError.notFound('Message');
    const webhook = await this.webhooks.findOneBy({
      id: message.webhookId,
      companyId,
      deletedAt: IsNull(),
    });
    if (!webhook) {
      throw ApiError.conflict(
        'webhook_deleted',
        `The webhook of this message (${message.webhookId}) was deleted; the message cannot be redelivered`,
      );
    }
    assertWebhookEnabled(webhook);
    const logged = await this.withPayload(message, payloadWaitMs);
    const series = this.seriesClock.next();
    const job = redeliveryJob(logged, webhook.version, series);
    if (!job) {
      throw ApiError.conflict(
        'message_not_replayable',
        'The message has no complete payload in the log yet; retry in a moment',
      );
    }
    await this.jobs.produce([job], trace);
    await this.markPending([job.messageId], series);
  }

  /**
   * Redelivers the webhook's `failed` messages created at or after `since`, oldest first, at
   * most MAX_RECOVER_MESSAGES; answers how many.
   */
  async recover(
    companyId: string,
    webhookId: string,
    since: Date,
    trace: Context,
  ): Promise<{ count: number }> {
    const webhook = isWebhookId(webhookId)
      ? await this.webhooks.findOneBy({
          id: webhookId,
          companyId,
          kind: 'endpoint',
          deletedAt: IsNull(),
        })
      : null;
    if (!webhook) throw ApiError.notFound('Webhook');
    assertWebhookEnabled(webhook);
    const series = this.seriesClock.next();
    let count = 0;
    let after: { createdAt: Date; id: string } | undefined;
    while (count < MAX_RECOVER_MESSAGES) {
      const take = Math.min(RECOVER_PAGE_SIZE, MAX_RECOVER_MESSAGES - count);
      const builder = this.messages
        .createQueryBuilder('m')
        .select(['m.id', 'm.companyId', 'm.webhookId', 'm.payload', 'm.createdAt'])
        .where('m.companyId = :companyId', { companyId })
        .andWhere('m.webhookId = :webhookId', { webhookId })
        .andWhere('m.status = :status', { status: 'failed' })
        .andWhere('m.createdAt >= :since', { since })
        .andWhere('m.payload IS NOT NULL');
      if (after) {
        builder.andWhere('(m.createdAt, m.id) > (:afterAt, :afterId)', {
          afterAt: after.createdAt,
          afterId: after.id,
        });
      }
      const rows = await builder
        .orderBy('m.createdAt', 'ASC')
        .addOrderBy('m.id', 'ASC')
        .limit(take)
        .getMany();
      const jobs = rows
        .map((row) => redeliveryJob(row, webhook.version, series))
        .filter((job): job is DeliveryJob => job !== undefined);
      await this.jobs.produce(jobs, trace);
      await this.markPending(
        jobs.map((job) => job.messageId),
        series,
      );
      count += jobs.length;
      const last = rows.at(-1);
      if (!last || rows.length < take) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    if (count > 0) this.logger.log({ msg: 'recovering failed messages', webhookId, count });
    return { count };
  }

  /**
   * The message with its payload: a stub (its first attempt result overtook its job into the
   * log) is read again, backing off, until the projector has written the payload or `waitMs`
   * has passed; then it is answered as it is.
   */
  private async withPayload(message: MessageEntity, waitMs: number): Promise<MessageEntity> {
    const deadline = Date.now() + waitMs;
    let current = message;
    let pause = 20;
    while (current.payload === null) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, 200);
      current =
        (await this.messages.findOneBy({ id: message.id, companyId: message.companyId })) ??
        current;
    }
    return current;
  }

  /** What the projector does when it reads these jobs; it is fine if this fails. */
  private async markPending(messageIds: string[], series: number): Promise<void> {
    if (messageIds.length === 0) return;
    try {
      await this.dataSource.query(
        `UPDATE messages
            SET status = 'pending', status_series = $2, status_step = $3, updated_at = now()
          WHERE id = ANY($1::text[])
            AND (status_series, status_step) < ($2::bigint, $3::integer)`,
        [messageIds, series, jobStep(1)],
      );
    } catch (error) {
      this.logger.warn({
        msg: 'could not mark redelivered messages pending yet',
        messageIds,
        err: error,
      });
    }
  }
}

/** 409 `webhook_disabled` unless the webhook is enabled. */
export function assertWebhookEnabled(webhook: WebhookEntity): void {
  if (webhook.enabled) return;
  throw ApiError.conflict(
    'webhook_disabled',
    `The webhook is disabled (${webhook.disabledReason ?? 'manual'}); enable it first with PATCH {"enabled": true}`,
  );
}
