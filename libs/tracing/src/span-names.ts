/** The spans Hookstream makes, one name per hop (README, Operating: traces). */
export const SpanNames = {
  /** subscriptions: the event an API request publishes to hookstream.events. */
  publishEvent: 'publish hookstream.events',
  /** subscriptions: the jobs an API request makes itself (redelivery, recovery, test event). */
  publishJobs: 'publish hookstream.deliveries',
  /** fanout: one batch of hookstream.events, linked to every event's context. */
  fanoutBatch: 'process hookstream.events',
  /** fanout: one event of the batch, in the event's trace, producing its delivery jobs. */
  fanoutEvent: 'fanout event',
  /** delivery: one HTTP attempt of one job, first or retry. */
  attempt: 'deliver',
  /** subscriptions: one write of the log projector, linked to every record's context. */
  projectorBatch: (topic: string) => `project ${topic}`,
  /** subscriptions: one record of such a write, in the record's trace. */
  projectorRecord: 'project record',
} as const;

/** The messaging attributes of a span that sends to or processes a Kafka topic. */
export function kafkaAttributes(topic: string, operation: 'send' | 'process') {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.operation.type': operation,
  };
}

/** Attribute names beyond OpenTelemetry's semantic conventions. */
export const SpanAttributes = {
  destination: 'messaging.destination.name',
  batchCount: 'messaging.batch.message_count',
  partition: 'messaging.destination.partition.id',
  offset: 'messaging.kafka.offset',
  eventId: 'hookstream.event.id',
  eventType: 'hookstream.event.type',
  company: 'hookstream.company',
  jobs: 'hookstream.jobs',
  messageId: 'hookstream.message.id',
  webhookId: 'hookstream.webhook.id',
  attempt: 'hookstream.attempt',
  outcome: 'hookstream.outcome',
  statusCode: 'http.response.status_code',
} as const;
