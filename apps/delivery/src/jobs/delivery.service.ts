import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import {
  type AttemptRecord,
  type DeliveryJob,
  KafkaHeaders,
  Topics,
  toWebhookPayload,
  WebhookHeaders,
  type WebhookState,
} from '@app/contract';
import {
  type DecodedRecord,
  KafkaProducer,
  type OutgoingRecord,
  type StreamContext,
} from '@app/kafka';
import { HookstreamMetrics, statusClass } from '@app/metrics';
import { SecretCipher, signWebhook } from '@app/signing';
import { SubscriptionsView } from '@app/subscriptions-view';
import {
  contextFromHeaders,
  SpanAttributes,
  SpanNames,
  startHttpClientStep,
  type TraceStep,
  traceHeaders,
} from '@app/tracing';
import { type DeliveryConfig } from '../delivery.config';
import { RetrySchedule } from '../retries/retry-schedule';
import { type SendResult, WebhookSender } from '../sender/webhook-sender.service';
import { attemptStatus, decideFollowUp, type FollowUp } from './follow-up';
import { SigningSecrets } from './signing-secrets';

type Outgoing = Array<{ topic: string; record: OutgoingRecord }>;

/** What the attempt log records when a job comes due for a webhook that is off or gone. */
const WEBHOOK_DISABLED: SendResult = {
  outcome: 'error',
  statusCode: null,
  durationMs: 0,
  error: 'webhook_disabled',
  responseBody: null,
};

/** One attempt of one job: sign, POST, record the outcome, schedule what follows. */
@Injectable()
export class DeliveryService {
  private readonly secrets: SigningSecrets;

  constructor(
    private readonly view: SubscriptionsView,
    private readonly sender: WebhookSender,
    private readonly producer: KafkaProducer,
    private readonly metrics: HookstreamMetrics,
    cipher: SecretCipher,
    private readonly schedule: RetrySchedule,
    @Inject(APP_CONFIG) private readonly config: DeliveryConfig,
  ) {
    this.secrets = new SigningSecrets(cipher);
  }

  /**
   * Attempts the job once and resolves when its outcome (and the retry or dead letter) is on
   * Kafka. Only the step that failed is retried: a failed produce never POSTs again; it is
   * retried until it succeeds or `signal` says the consumer is stopping. The consumer learns
   * whether the receiver behaved (`reportKey`): one whose connections keep resetting or timing
   * out, or whose answers never end, gets one attempt at a time, not a share of the healthy
   * ones'. An answer cut for its endless body is still a delivery.
   */
  async deliver(record: DecodedRecord<DeliveryJob>, context: StreamContext): Promise<void> {
    const { signal } = context;
    const job = record.value;
    const seriesStartedAt =
      record.headers[KafkaHeaders.seriesStartedAt] ?? new Date().toISOString();
    // The job's trace: every attempt of the series is a child of what made the job (fan-out,
    // or the API for a redelivery).
    const jobTrace = contextFromHeaders(record.headers);
    const webhook = await this.view.atLeastVersion(job.webhookId, job.webhookVersion);
    if (!webhook || !webhook.enabled) {
      const ended = attemptRecord(job, seriesStartedAt, WEBHOOK_DISABLED, Date.now(), {
        status: 'failed',
        endReason: 'webhook_disabled',
        nextAttemptAt: null,
      });
      await this.producer.sendPersistently([toAttempts(ended, traceHeaders(jobTrace))], signal);
      return;
    }

    const step = startHttpClientStep(
      SpanNames.attempt,
      'POST',
      webhook.url,
      () => ({
        [SpanAttributes.messageId]: job.messageId,
        [SpanAttributes.webhookId]: job.webhookId,
        [SpanAttributes.eventType]: job.event,
        [SpanAttributes.attempt]: job.attempt,
        [SpanAttributes.destination]: record.topic,
      }),
      jobTrace,
    );
    const attemptTrace = traceHeaders(step.context);
    // The attempt's own start, for the log: never before the job was due (the consumer hands a
    // retry over once its due time has passed), which the end minus a rounded duration can be.
    const startedAt = Date.now();
    const result = await this.attempt(job, webhook, attemptTrace);
    context.reportKey(unreachable(result) || result.bodyCut ? 'failed' : 'succeeded');
    endAttemptStep(step, result);
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
    const followUp = decideFollowUp(job.attempt, result, this.schedule, Date.now());
    this.countFollowUp(job, followUp);
    await this.producer.sendPersistently(
      this.followUpRecords(record, seriesStartedAt, startedAt, result, followUp, {
        job: traceHeaders(jobTrace),
        attempt: attemptTrace,
      }),
      signal,
    );
  }

  /** `trace` (traceparent, tracestate) goes to the receiver: its trace continues ours. */
  private async attempt(
    job: DeliveryJob,
    webhook: WebhookState,
    trace: Record<string, string>,
  ): Promise<SendResult> {
    const now = Date.now();
    let secrets: string[];
    try {
      secrets = this.secrets.valid(webhook, now);
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
        ...trace,
      },
      body,
    );
  }

  private countFollowUp(job: DeliveryJob, followUp: FollowUp): void {
    if (followUp.kind === 'delivered') {
      this.metrics.deliveryEndToEnd.observe((Date.now() - Date.parse(job.occurredAt)) / 1_000);
    } else if (followUp.kind === 'retry') {
      this.metrics.retriesScheduled.inc({ tier: String(followUp.tier) });
    } else if (followUp.kind === 'exhausted') {
      this.metrics.messagesExhausted.inc();
    }
  }

  /**
   * The attempt record, plus the retry or dead-letter job when the series goes on or ends. The
   * attempt record carries the attempt's trace (the projector's write joins it), the retry and
   * dead letter the job's (the next attempt is the first one's sibling).
   */
  private followUpRecords(
    record: DecodedRecord<DeliveryJob>,
    seriesStartedAt: string,
    startedAt: number,
    result: SendResult,
    followUp: FollowUp,
    trace: { job: Record<string, string>; attempt: Record<string, string> },
  ): Outgoing {
    const job = record.value;
    const outgoing = [
      toAttempts(
        attemptRecord(job, seriesStartedAt, result, startedAt, attemptStatus(followUp)),
        trace.attempt,
      ),
    ];
    if (followUp.kind === 'retry') {
      outgoing.push({
        topic: followUp.topic,
        record: {
          key: job.webhookId,
          value: { ...job, attempt: job.attempt + 1 },
          headers: {
            [KafkaHeaders.dueAt]: String(followUp.dueAt),
            [KafkaHeaders.seriesStartedAt]: seriesStartedAt,
            ...trace.job,
          },
        },
      });
    } else if (followUp.kind === 'exhausted') {
      outgoing.push({
        topic: Topics.deadLetters,
        record: {
          key: record.key ?? job.webhookId,
          value: job,
          headers: {
            [KafkaHeaders.originalTopic]: record.topic,
            [KafkaHeaders.originalPartition]: String(record.partition),
            [KafkaHeaders.originalOffset]: record.offset,
            [KafkaHeaders.lastError]: (result.error ?? 'failed').slice(0, 1_000),
            [KafkaHeaders.seriesStartedAt]: seriesStartedAt,
            ...trace.job,
          },
        },
      });
    }
    return outgoing;
  }
}

/** No answer at all: the connection failed (reset, refused, TLS) or timed out. */
function unreachable(result: SendResult): boolean {
  return result.outcome === 'error' || result.outcome === 'timeout';
}

function attemptRecord(
  job: DeliveryJob,
  seriesStartedAt: string,
  result: SendResult,
  startedAt: number,
  status: Pick<AttemptRecord, 'status' | 'endReason' | 'nextAttemptAt'>,
): AttemptRecord {
  return {
    messageId: job.messageId,
    webhookId: job.webhookId,
    company: job.company,
    event: job.event,
    series: job.series,
    attempt: job.attempt,
    at: new Date(startedAt).toISOString(),
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    outcome: result.outcome,
    error: result.error,
    responseBody: result.responseBody,
    ...status,
    seriesStartedAt,
    messageCreatedAt: job.messageCreatedAt,
  };
}

function toAttempts(
  attempt: AttemptRecord,
  headers: Record<string, string>,
): { topic: string; record: OutgoingRecord } {
  return { topic: Topics.attempts, record: { key: attempt.messageId, value: attempt, headers } };
}

/** The attempt's span ends with its answer: status code and outcome, failed unless 2xx. */
function endAttemptStep(step: TraceStep, result: SendResult): void {
  if (!step.recording) return;
  step.setAttributes({
    [SpanAttributes.outcome]: result.outcome,
    ...(result.statusCode === null ? {} : { [SpanAttributes.statusCode]: result.statusCode }),
  });
  if (result.outcome !== 'success') step.fail(result.error ?? result.outcome);
  step.end();
}
