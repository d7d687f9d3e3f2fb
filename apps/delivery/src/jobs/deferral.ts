import { KafkaHeaders, retryTopic } from '@app/contract';
import { type ConsumedRecord, type OutgoingRecord } from '@app/kafka';

/**
 * Where a job goes, unattempted, when its webhook already has a backlog in this process: to
 * the retry tier of its deferral count (the first to tier 1, the next to tier 2, …, the last
 * tier thereafter), due after that tier's delay, unchanged otherwise. Its attempt number stays:
 * a deferral is no attempt. Undefined without retry tiers: then the job waits in the buffer.
 */
export function deferredJob(
  record: ConsumedRecord,
  delaysMs: readonly number[],
  now: number,
): { topic: string; record: OutgoingRecord } | undefined {
  if (delaysMs.length === 0) return undefined;
  const deferrals = (Number(record.headers[KafkaHeaders.deferrals]) || 0) + 1;
  const tier = Math.min(deferrals, delaysMs.length);
  const delayMs = delaysMs[tier - 1];
  if (delayMs === undefined) return undefined;
  return {
    topic: retryTopic(tier),
    record: {
      key: record.key ?? '',
      value: record.value,
      headers: {
        ...record.headers,
        [KafkaHeaders.dueAt]: String(now + delayMs),
        [KafkaHeaders.deferrals]: String(deferrals),
      },
    },
  };
}
