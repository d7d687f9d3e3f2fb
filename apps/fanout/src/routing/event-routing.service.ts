import { Injectable } from '@nestjs/common';
import {
  type DeliveryJob,
  type InputEvent,
  KafkaHeaders,
  MAX_EVENT_BYTES,
  matchesEventFilter,
  messageIdFor,
  Topics,
} from '@app/contract';
import {
  type ConsumedBatch,
  type ConsumedRecord,
  KafkaProducer,
  type OutgoingRecord,
} from '@app/kafka';
import { HookstreamMetrics } from '@app/metrics';
import { SubscriptionsView } from '@app/subscriptions-view';
import { parseEventRecord } from './event-parser';

/** Turns domain events into one delivery job per subscribed, enabled webhook. */
@Injectable()
export class EventRoutingService {
  constructor(
    private readonly view: SubscriptionsView,
    private readonly producer: KafkaProducer,
    private readonly metrics: HookstreamMetrics,
  ) {}

  /**
   * Routes a batch and resolves only when every job (and every invalid record) is
   * acknowledged, so committing the batch afterwards cannot lose an event.
   */
  async route(batch: ConsumedBatch): Promise<void> {
    const outgoing: Array<{ topic: string; record: OutgoingRecord }> = [];
    const counts = { routed: 0, no_match: 0, invalid: 0 };
    const invalidReasons = new Map<string, number>();
    let jobs = 0;
    const valid: Array<{ event: InputEvent & { occurredAt: string }; createdAt: string }> = [];

    for (const record of batch.records) {
      const parsed = parseEventRecord(record);
      if (parsed.ok) {
        // The record's own time: a replayed event record yields the same messageCreatedAt.
        const createdAt =
          Number.isFinite(record.timestamp) && record.timestamp > 0 ? record.timestamp : Date.now();
        valid.push({ event: parsed.event, createdAt: new Date(createdAt).toISOString() });
        continue;
      }
      counts.invalid += 1;
      invalidReasons.set(parsed.reason, (invalidReasons.get(parsed.reason) ?? 0) + 1);
      outgoing.push({
        topic: Topics.invalidEvents,
        record: invalidRecord(record, parsed.reason, parsed.detail),
      });
    }

    // Every webhook change acknowledged before these events were produced is in view after this.
    if (valid.length > 0) await this.view.catchUp();

    for (const { event, createdAt } of valid) {
      const matched = this.jobsFor(event, createdAt);
      if (matched.length === 0) counts.no_match += 1;
      else counts.routed += 1;
      jobs += matched.length;
      for (const job of matched) {
        outgoing.push({ topic: Topics.deliveries, record: { key: job.webhookId, value: job } });
      }
    }

    await this.producer.sendToTopics(outgoing);

    for (const [outcome, count] of Object.entries(counts)) {
      if (count > 0) this.metrics.fanoutEvents.inc({ outcome }, count);
    }
    for (const [reason, count] of invalidReasons) this.metrics.invalidEvents.inc({ reason }, count);
    if (jobs > 0) this.metrics.fanoutMessages.inc(jobs);
  }

  private jobsFor(event: InputEvent & { occurredAt: string }, createdAt: string): DeliveryJob[] {
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

/** The original bytes, untouched, with the reason and origin in headers. */
function invalidRecord(record: ConsumedRecord, reason: string, detail: string): OutgoingRecord {
  return {
    key: record.key ?? `${record.topic}/${record.partition}/${record.offset}`,
    // An oversize record is kept whole on hookstream.events (the header says where); its
    // copy here is cut to the size limit so it can never be refused by the broker.
    value: record.value ? record.value.subarray(0, MAX_EVENT_BYTES) : Buffer.alloc(0),
    headers: {
      ...record.headers,
      [KafkaHeaders.invalidReason]: reason,
      [KafkaHeaders.invalidDetail]: detail.slice(0, 1_000),
      [KafkaHeaders.originalTopic]: record.topic,
      [KafkaHeaders.originalPartition]: String(record.partition),
      [KafkaHeaders.originalOffset]: record.offset,
    },
  };
}
