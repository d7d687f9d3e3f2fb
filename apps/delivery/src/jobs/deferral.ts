import { KafkaHeaders, retryTopic } from '@app/contract';
import { type ConsumedRecord, type OutgoingRecord } from '@app/kafka';

/**
 * A deferral goes at most to the first tier due this long later. A deferred webhook's backlog
 * is then re-read at most every 30 s once deferred again and again (with the default schedule
 * 5s,5m,… that is tier 2, five minutes: a webhook judged slow by mistake loses minutes, never
 * hours), and a short schedule (1s,5s,30s,…) no longer has it produced and fetched again every
 * few seconds, which cost a delivery process as much as the healthy webhooks' attempts.
 */
export const DEFERRAL_REREAD_MS = 30_000;

/**
 * The latest tier a deferral goes to: the first one due at least DEFERRAL_REREAD_MS later, or
 * the last one when none is (tier 2 with the default schedule).
 */
export function lastDeferralTier(delaysMs: readonly number[]): number {
  const index = delaysMs.findIndex((delayMs) => delayMs >= DEFERRAL_REREAD_MS);
  return index === -1 ? delaysMs.length : index + 1;
}

/**
 * Where a job goes, unattempted, when its webhook already has a backlog in this process: to
 * the retry tier of its deferral count (the first to tier 1, the second to tier 2, …, up to
 * `lastDeferralTier`), due after that tier's delay, unchanged otherwise. Its attempt number
 * stays: a deferral is no attempt. Undefined without retry tiers: then the job waits in the
 * buffer.
 */
export function deferredJob(
  record: ConsumedRecord,
  delaysMs: readonly number[],
  now: number,
): { topic: string; record: OutgoingRecord } | undefined {
  if (delaysMs.length === 0) return undefined;
  const deferrals = (Number(record.headers[KafkaHeaders.deferrals]) || 0) + 1;
  const tier = Math.min(deferrals, lastDeferralTier(delaysMs));
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
