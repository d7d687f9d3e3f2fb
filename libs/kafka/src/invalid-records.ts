import { KafkaHeaders, Topics } from '@app/contract';
import { type OutgoingRecord } from './kafka-producer.service';
import { type InvalidRecord } from './record-decoder';

/**
 * What a stream does with a record its decoder refuses. Nothing is dropped silently: it is
 * forwarded (and acknowledged before its offset is committed) or logged with its position.
 * - `invalid-topic`: to hookstream.events.invalid, original headers kept (input from producers);
 * - `dead-letter`: to hookstream.deliveries.dlq, as a job that can never be attempted;
 * - `skip`: logged and skipped (records Hookstream itself wrote, re-readable from the topic).
 */
export type InvalidRecordPolicy = 'invalid-topic' | 'dead-letter' | 'skip';

/** The record to forward for `invalid` under `policy`, or undefined when it is only logged. */
export function forwardedInvalidRecord(
  policy: InvalidRecordPolicy,
  { record, reason, detail }: InvalidRecord,
  maxValueBytes: number | undefined,
): { topic: string; record: OutgoingRecord } | undefined {
  if (policy === 'skip') return undefined;
  const origin = {
    [KafkaHeaders.invalidReason]: reason,
    [KafkaHeaders.invalidDetail]: detail.slice(0, 1_000),
    [KafkaHeaders.originalTopic]: record.topic,
    [KafkaHeaders.originalPartition]: String(record.partition),
    [KafkaHeaders.originalOffset]: record.offset,
  };
  const forwarded: OutgoingRecord = {
    key: record.key ?? `${record.topic}/${record.partition}/${record.offset}`,
    // An oversize record stays whole on its topic (the headers say where); the copy is cut to
    // the size limit so the broker can never refuse it.
    value:
      record.value === null
        ? Buffer.alloc(0)
        : maxValueBytes === undefined
          ? record.value
          : record.value.subarray(0, maxValueBytes),
    headers:
      policy === 'invalid-topic'
        ? { ...record.headers, ...origin }
        : {
            ...origin,
            [KafkaHeaders.lastError]: `invalid record (${reason}): ${detail}`.slice(0, 1_000),
          },
  };
  return {
    topic: policy === 'invalid-topic' ? Topics.invalidEvents : Topics.deadLetters,
    record: forwarded,
  };
}
