import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type DeliveryJob, MAX_EVENT_BYTES, messageIdFor } from '@app/contract';
import { ApiError } from '@app/http-kit';
import { type Context } from '@app/tracing';
import { IsNull, type Repository } from 'typeorm';
import { newId } from '../common/ids';
import { DeliveryJobProducer } from '../replay/delivery-job-producer.service';
import { assertWebhookEnabled } from '../replay/replay.service';
import { isWebhookId } from '../webhooks/webhook.schemas';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { type SendTestEventBody, type SentTestEventJson } from './test-event.schemas';

/**
 * Sends a test event to one webhook: a delivery job for it alone, produced straight to
 * hookstream.deliveries (fan-out would send an event to every matching webhook of the company).
 * It is delivered, signed, retried and logged like any message.
 */
@Injectable()
export class TestEventsService {
  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    private readonly jobs: DeliveryJobProducer,
  ) {}

  async send(
    companyId: string,
    webhookId: string,
    body: SendTestEventBody,
    trace: Context,
  ): Promise<SentTestEventJson> {
    const webhook = isWebhookId(webhookId)
      ? await this.webhooks.findOneBy({ id: webhookId, companyId, deletedAt: IsNull() })
      : null;
    if (!webhook) throw ApiError.notFound('Webhook');
    assertWebhookEnabled(webhook);
    const eventId = newId('evt_test');
    const occurredAt = new Date().toISOString();
    const job: DeliveryJob = {
      messageId: messageIdFor(companyId, eventId, webhookId),
      webhookId,
      webhookVersion: webhook.version,
      company: companyId,
      eventId,
      event: body.event,
      environment: 'live',
      data: body.data ?? {
        test: true,
        message: 'A test event sent from Hookstream',
        sentAt: occurredAt,
      },
      occurredAt,
      attempt: 1,
      series: 0,
      redelivery: false,
      // The log's partition key, the same on the job and on every attempt of the message.
      messageCreatedAt: occurredAt,
    };
    const bytes = Buffer.byteLength(JSON.stringify(job));
    if (bytes > MAX_EVENT_BYTES) {
      throw new ApiError(
        413,
        'payload_too_large',
        `The test event is ${bytes} bytes as a Kafka record; at most ${MAX_EVENT_BYTES} are accepted`,
      );
    }
    await this.jobs.produce([job], trace);
    return { messageId: job.messageId, eventId, event: job.event };
  }
}
