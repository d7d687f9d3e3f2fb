import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One HTTP attempt: from a fast local receiver up to the longest sensible DELIVERY_TIMEOUT. */
const ATTEMPT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

/** Event time to success: a first attempt (subsecond) through the retry tiers (hours). */
const END_TO_END_BUCKETS = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 18_000,
  36_000, 86_400,
];

/**
 * The label values a counter or histogram can take, exported at 0 from the start. Prometheus cannot see the
 * first increment of a series it has never scraped (`increase()` needs an earlier sample), so
 * without these the first webhook disabled for a reason would never fire an alert.
 */
const WEBHOOK_DISABLED_REASONS = ['gone', 'exhausted'] as const;
const FANOUT_EVENT_OUTCOMES = ['routed', 'no_match', 'invalid'] as const;
const INVALID_EVENT_REASONS = ['not_json', 'null_value', 'too_large', 'schema'] as const;
const ATTEMPT_OUTCOMES = ['success', 'failure', 'timeout', 'error'] as const;

/**
 * Every Hookstream metric (names and labels are contract, see DESIGN.md "Operations"), on a
 * registry of its own rather than prom-client's global one, so several apps can run in one
 * process (tests) without "metric already registered" clashes. Every app registers all of them
 * so dashboards find the series on any app.
 */
@Injectable()
export class HookstreamMetrics {
  readonly registry = new Registry();

  /** One increment per attempt; `outcome` ∈ success, failure, timeout, error. */
  readonly deliveryAttempts = new Counter({
    name: 'hookstream_delivery_attempts_total',
    help: 'Delivery attempts by event type, outcome, response status class and attempt number',
    labelNames: ['event_type', 'outcome', 'status_class', 'attempt'] as const,
    registers: [this.registry],
  });

  readonly deliveryAttemptDuration = new Histogram({
    name: 'hookstream_delivery_attempt_duration_seconds',
    help: 'Duration of one delivery attempt (connect to last response byte read)',
    labelNames: ['outcome'] as const,
    buckets: ATTEMPT_DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly deliveryEndToEnd = new Histogram({
    name: 'hookstream_delivery_end_to_end_seconds',
    help: 'Time from the event occurring to its successful delivery',
    buckets: END_TO_END_BUCKETS,
    registers: [this.registry],
  });

  /** Jobs set aside (not attempted) because their webhook had too many jobs waiting already. */
  readonly deliveriesDeferred = new Counter({
    name: 'hookstream_deliveries_deferred_total',
    help: 'Jobs moved, unattempted, to a retry tier because their webhook had a backlog in the delivery process',
    registers: [this.registry],
  });

  readonly retriesScheduled = new Counter({
    name: 'hookstream_retries_scheduled_total',
    help: 'Failed attempts handed to a retry tier',
    labelNames: ['tier'] as const,
    registers: [this.registry],
  });

  readonly messagesExhausted = new Counter({
    name: 'hookstream_messages_exhausted_total',
    help: 'Messages whose last retry failed (sent to the DLQ topic)',
    registers: [this.registry],
  });

  readonly webhooksDisabled = new Counter({
    name: 'hookstream_webhooks_disabled_total',
    help: 'Webhooks disabled automatically, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  /** `outcome` ∈ routed, no_match, invalid. */
  readonly fanoutEvents = new Counter({
    name: 'hookstream_fanout_events_total',
    help: 'Input events consumed by fan-out, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** The why behind `fanoutEvents{outcome="invalid"}`, kept apart so that one stays low-cardinality. */
  readonly invalidEvents = new Counter({
    name: 'hookstream_invalid_events_total',
    help: 'Input events sent to the invalid-events topic, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly fanoutMessages = new Counter({
    name: 'hookstream_fanout_messages_total',
    help: 'Delivery jobs produced by fan-out',
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'hookstream_consumer_lag',
    help: 'Records the consumer group is behind the end of the log, per topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  /**
   * Requests this app sent to Kafka, by kafkajs client (producer, consumer, admin) and API
   * (Produce, Fetch, OffsetCommit, Heartbeat…): what the broker spends its CPU on, per app.
   */
  readonly kafkaRequests = new Counter({
    name: 'hookstream_kafka_requests_total',
    help: 'Requests sent to Kafka brokers by client kind and API',
    labelNames: ['client', 'api'] as const,
    registers: [this.registry],
  });

  /** Partitions with lag and no committed progress for a minute: a consumer stuck without saying so. */
  readonly consumerStalledPartitions = new Gauge({
    name: 'hookstream_consumer_stalled_partitions',
    help: 'Partitions with lag whose committed offset has not moved for 60 s, per topic (retry tiers waiting for a due time excluded)',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const reason of WEBHOOK_DISABLED_REASONS) this.webhooksDisabled.inc({ reason }, 0);
    for (const outcome of FANOUT_EVENT_OUTCOMES) this.fanoutEvents.inc({ outcome }, 0);
    for (const reason of INVALID_EVENT_REASONS) this.invalidEvents.inc({ reason }, 0);
    for (const outcome of ATTEMPT_OUTCOMES) this.deliveryAttemptDuration.zero({ outcome });
  }

  /** The registry's exposition text, for `GET /metrics`. */
  async render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** `status_class` label value of an HTTP status: '2xx'…'5xx', or 'none' without a response. */
export function statusClass(statusCode: number | null | undefined): string {
  if (statusCode === null || statusCode === undefined || !Number.isInteger(statusCode)) {
    return 'none';
  }
  const hundreds = Math.floor(statusCode / 100);
  return hundreds >= 1 && hundreds <= 5 ? `${hundreds}xx` : 'none';
}
