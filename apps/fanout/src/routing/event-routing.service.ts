import { Injectable } from '@nestjs/common';
import {
  type DeliveryJob,
  type InputEvent,
  matchesEventFilter,
  messageIdFor,
  Topics,
} from '@app/contract';
import { type DecodedRecord, KafkaProducer, type OutgoingRecord } from '@app/kafka';
import { HookstreamMetrics } from '@app/metrics';
import { SubscriptionsView } from '@app/subscriptions-view';
import {
  kafkaAttributes,
  SpanAttributes,
  SpanKind,
  SpanNames,
  traceBatch,
  traceHeaders,
} from '@app/tracing';
import { type RoutableEvent, routableEvent } from './event-records';

/** Turns domain events into one delivery job per subscribed, enabled webhook. */
@Injectable()
export class EventRoutingService {
  constructor(
    private readonly view: SubscriptionsView,
    private readonly producer: KafkaProducer,
    private readonly metrics: HookstreamMetrics,
  ) {}

  /**
   * Routes a batch of valid events and resolves only when every job is acknowledged, so
   * committing the batch afterwards cannot lose an event. (Invalid records never get here: the
   * stream forwards them to hookstream.events.invalid.)
   */
  async route(records: Array<DecodedRecord<InputEvent>>): Promise<void> {
    if (records.length === 0) return;
    // Every webhook change acknowledged before these events were produced is in view after this.
    await this.view.catchUp();

    const outgoing: Array<{ topic: string; record: OutgoingRecord }> = [];
    let routed = 0;
    // One span for the batch; each routed event's jobs continue that event's trace.
    await traceBatch(SpanNames.fanoutBatch, records, EVENT_BATCH_TRACING, async (trace) => {
      for (const [index, record] of records.entries()) {
        const jobs = this.jobsFor(routableEvent(record), messageCreatedAt(record));
        if (jobs.length === 0) continue;
        routed += 1;
        const step = trace.record(index);
        if (step.recording) step.setAttributes(eventAttributes(record, jobs.length));
        const headers = traceHeaders(step.context);
        for (const job of jobs) {
          outgoing.push({
            topic: Topics.deliveries,
            record: { key: job.webhookId, value: job, headers },
          });
        }
      }
      await this.producer.sendToTopics(outgoing);
    });

    if (routed > 0) this.metrics.fanoutEvents.inc({ outcome: 'routed' }, routed);
    if (routed < records.length) {
      this.metrics.fanoutEvents.inc({ outcome: 'no_match' }, records.length - routed);
    }
    if (outgoing.length > 0) this.metrics.fanoutMessages.inc(outgoing.length);
  }

  private jobsFor(event: RoutableEvent, createdAt: string): DeliveryJob[] {
    const jobs: DeliveryJob[] = [];
    for (const webhook of this.view.ofCompany(event.company)) {
      // A company's operational webhook gets operational events only (made by subscriptions).
      if (webhook.operational) continue;
      if (!webhook.enabled || !matchesEventFilter(webhook.events, event.event)) continue;
      jobs.push({
        messageId: messageIdFor(event.company, event.id, webhook.id),
        webhookId: webhook.id,
        webhookVersion: webhook.version,
        company: event.company,
        eventId: event.id,
        event: event.event,
        environment: event.environment,
        userId: event.userId,
        data: event.data,
        occurredAt: event.occurredAt,
        attempt: 1,
        series: 0,
        redelivery: false,
        messageCreatedAt: createdAt,
      });
    }
    return jobs;
  }
}

const EVENT_BATCH_TRACING = {
  kind: SpanKind.CONSUMER,
  attributes: kafkaAttributes(Topics.events, 'process'),
  recordName: SpanNames.fanoutEvent,
  recordKind: SpanKind.PRODUCER,
  recordSpans: 'asked',
} as const;

function eventAttributes({ value, partition, offset }: DecodedRecord<InputEvent>, jobs: number) {
  return {
    [SpanAttributes.eventId]: value.id,
    [SpanAttributes.eventType]: value.event,
    [SpanAttributes.company]: value.company,
    [SpanAttributes.partition]: String(partition),
    [SpanAttributes.offset]: offset,
    [SpanAttributes.jobs]: jobs,
  };
}

/** The event record's own time: a replayed record yields the same messageCreatedAt. */
function messageCreatedAt({ timestamp }: DecodedRecord<InputEvent>): string {
  return new Date(
    Number.isFinite(timestamp) && timestamp > 0 ? timestamp : Date.now(),
  ).toISOString();
}
