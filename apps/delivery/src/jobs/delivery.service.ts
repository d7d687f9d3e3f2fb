import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import {
  type AttemptRecord,
  type DeliveryJob,
  deliveryJobSchema,
  KafkaHeaders,
  type SeriesEnd,
  Topics,
  toWebhookPayload,
  WebhookHeaders,
  type WebhookState,
} from '@app/contract';
import { type ConsumedRecord, KafkaProducer, type OutgoingRecord } from '@app/kafka';
import { HookstreamMetrics, statusClass } from '@app/metrics';
import { SecretCipher, signWebhook } from '@app/signing';
import { SubscriptionsView } from '@app/subscriptions-view';
import { type DeliveryConfig } from '../delivery.config';
import { parseRetryAfter, RetrySchedule } from '../retries/retry-schedule';
import { type SendResult, WebhookSender } from '../sender/webhook-sender.service';

/** Carried on retry and dead-letter records: when the series' first attempt was made. */
export const SERIES_STARTED_AT_HEADER = 'hookstream-series-started-at';

type Outgoing = Array<{ topic: string; record: OutgoingRecord }>;

/** One attempt of one job: sign, POST, record the outcome, schedule what follows. */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly view: SubscriptionsView,
    private readonly sender: WebhookSender,
    private readonly producer: KafkaProducer,
    private readonly metrics: HookstreamMetrics,
    private readonly cipher: SecretCipher,
    private readonly schedule: RetrySchedule,
    @Inject(APP_CONFIG) private readonly config: DeliveryConfig,
  ) {}

  async deliver(record: ConsumedRecord): Promise<void> {
    const job = parseJob(record);
    if (!job) {
      this.logger.error(
        `malformed job at ${record.topic}/${record.partition}/${record.offset}: dead-lettered`,
      );
      await this.producer.send(Topics.deadLetters, [
        deadLetter(record, record.value, 'malformed delivery job'),
      ]);
      return;
    }
    const seriesStartedAt = record.headers[SERIES_STARTED_AT_HEADER] ?? new Date().toISOString();
    const webhook = await this.view.atLeastVersion(job.webhookId, job.webhookVersion);
    if (!webhook || !webhook.enabled) {
      await this.producer.sendToTopics([
        toAttempts(
          attemptRecord(job, seriesStartedAt, {
            result: {
              outcome: 'error',
              statusCode: null,
              durationMs: 0,
              error: 'webhook_disabled',
              responseBody: null,
            },
            status: 'failed',
            endReason: 'webhook_disabled',
            nextAttemptAt: null,
          }),
        ),
      ]);
      return;
    }

    const result = await this.attempt(job, webhook);
    this.metrics.deliveryAttempts.inc({
      event_type: job.event,
      outcome: result.outcome,
      status_class: statusClass(result.statusCode),
      attempt: String(job.attempt),
    });
    this.metrics.deliveryAttemptDuration.observe(
      { outcome: result.outcome },
      result.durationMs / 1_000,
    );
    await this.producer.sendToTopics(this.followUp(record, job, seriesStartedAt, result));
  }

  private async attempt(job: DeliveryJob, webhook: WebhookState): Promise<SendResult> {
    const now = Date.now();
    let secrets: string[];
    try {
      secrets = webhook.secrets
        .filter((secret) => secret.expiresAt === null || Date.parse(secret.expiresAt) > now)
        .map((secret) => this.cipher.decrypt(secret.ciphertext));
    } catch (error) {
      // A key missing from SECRETS_ENCRYPTION_KEY/_PREVIOUS_KEYS: fail this attempt (it is
      // retried and, in the end, dead-lettered) instead of blocking the partition.
      const reason = error instanceof Error ? error.message : String(error);
      return {
        outcome: 'error',
        statusCode: null,
        durationMs: 0,
        error: `secret_unavailable: ${reason}`,
        responseBody: null,
      };
    }
    const body = JSON.stringify(toWebhookPayload(job));
    const timestamp = Math.floor(now / 1_000);
    return this.sender.send(
      webhook.url,
      {
        'content-type': 'application/json',
        'user-agent': this.config.userAgent,
        authorization: `Secret ${secrets[0]}`,
        [WebhookHeaders.id]: job.messageId,
        [WebhookHeaders.timestamp]: String(timestamp),
        [WebhookHeaders.signature]: signWebhook({ id: job.messageId, timestamp, body, secrets }),
      },
      body,
    );
  }

  /** The attempt record, plus the retry or dead-letter job when the series goes on or ends. */
  private followUp(
    record: ConsumedRecord,
    job: DeliveryJob,
    seriesStartedAt: string,
    result: SendResult,
  ): Outgoing {
    if (result.outcome === 'success') {
      this.metrics.deliveryEndToEnd.observe((Date.now() - Date.parse(job.occurredAt)) / 1_000);
      return [
        toAttempts(
          attemptRecord(job, seriesStartedAt, {
            result,
            status: 'delivered',
            endReason: 'delivered',
            nextAttemptAt: null,
          }),
        ),
      ];
    }
    if (result.statusCode === 410) {
      return [
        toAttempts(
          attemptRecord(job, seriesStartedAt, {
            result,
            status: 'failed',
            endReason: 'gone',
            nextAttemptAt: null,
          }),
        ),
      ];
    }
    const retryAfterMs =
      result.statusCode === 429 || result.statusCode === 503
        ? parseRetryAfter(result.retryAfter, Date.now())
        : undefined;
    const next = this.schedule.after(job.attempt, retryAfterMs);
    if (!next) {
      this.metrics.messagesExhausted.inc();
      return [
        toAttempts(
          attemptRecord(job, seriesStartedAt, {
            result,
            status: 'failed',
            endReason: 'exhausted',
            nextAttemptAt: null,
          }),
        ),
        {
          topic: Topics.deadLetters,
          record: deadLetter(record, job, result.error ?? 'failed', seriesStartedAt),
        },
      ];
    }
    const dueAt = Date.now() + next.delayMs;
    this.metrics.retriesScheduled.inc({ tier: String(next.tier) });
    return [
      toAttempts(
        attemptRecord(job, seriesStartedAt, {
          result,
          status: 'pending',
          endReason: null,
          nextAttemptAt: new Date(dueAt).toISOString(),
        }),
      ),
      {
        topic: next.topic,
        record: {
          key: job.webhookId,
          value: { ...job, attempt: job.attempt + 1 },
          headers: {
            [KafkaHeaders.dueAt]: String(dueAt),
            [SERIES_STARTED_AT_HEADER]: seriesStartedAt,
          },
        },
      },
    ];
  }
}

function parseJob(record: ConsumedRecord): DeliveryJob | undefined {
  if (!record.value) return undefined;
  try {
    const parsed = deliveryJobSchema.safeParse(JSON.parse(record.value.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function attemptRecord(
  job: DeliveryJob,
  seriesStartedAt: string,
  {
    result,
    status,
    endReason,
    nextAttemptAt,
  }: {
    result: SendResult;
    status: AttemptRecord['status'];
    endReason: SeriesEnd | null;
    nextAttemptAt: string | null;
  },
): AttemptRecord {
  return {
    messageId: job.messageId,
    webhookId: job.webhookId,
    company: job.company,
    event: job.event,
    series: job.series,
    attempt: job.attempt,
    at: new Date(Date.now() - result.durationMs).toISOString(),
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    outcome: result.outcome,
    error: result.error,
    responseBody: result.responseBody,
    nextAttemptAt,
    status,
    endReason,
    seriesStartedAt,
    messageCreatedAt: job.messageCreatedAt,
  };
}

function toAttempts(attempt: AttemptRecord): { topic: string; record: OutgoingRecord } {
  return { topic: Topics.attempts, record: { key: attempt.messageId, value: attempt } };
}

function deadLetter(
  record: ConsumedRecord,
  value: unknown,
  lastError: string,
  seriesStartedAt?: string,
): OutgoingRecord {
  return {
    key: record.key ?? `${record.topic}/${record.partition}/${record.offset}`,
    value,
    headers: {
      [KafkaHeaders.originalTopic]: record.topic,
      [KafkaHeaders.originalPartition]: String(record.partition),
      [KafkaHeaders.originalOffset]: record.offset,
      [KafkaHeaders.lastError]: lastError.slice(0, 1_000),
      ...(seriesStartedAt ? { [SERIES_STARTED_AT_HEADER]: seriesStartedAt } : {}),
    },
  };
}
