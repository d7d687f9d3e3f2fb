/** Kafka record headers Hookstream sets. */
export const KafkaHeaders = {
  /** Epoch milliseconds before which a retry job must not be attempted. */
  dueAt: 'hookstream-due-at',
  /** Why a record was routed to hookstream.events.invalid. */
  invalidReason: 'hookstream-invalid-reason',
  invalidDetail: 'hookstream-invalid-detail',
  /** Where a dead-lettered job came from, and its last error. */
  originalTopic: 'hookstream-original-topic',
  originalPartition: 'hookstream-original-partition',
  originalOffset: 'hookstream-original-offset',
  lastError: 'hookstream-last-error',
  /** On retry and dead-letter records: when the series' first attempt was made (ISO time). */
  seriesStartedAt: 'hookstream-series-started-at',
  /**
   * How many times a job was set aside, unattempted, because its webhook had too many jobs
   * waiting in the delivery process already (each time to a later retry tier).
   */
  deferrals: 'hookstream-deferrals',
  /** The type of an operational event (its record on hookstream.operational). */
  operationalEventType: 'hookstream-operational-event-type',
} as const;

/** HTTP headers of a delivery request (Standard Webhooks plus Authorization). */
export const WebhookHeaders = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/**
 * W3C Trace Context, on every Kafka record Hookstream writes and every delivery request: the
 * trace an event belongs to, from the API request or the event record through fan-out, every
 * attempt and the log projector, to the receiver.
 */
export const TraceHeaders = {
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;
