import { KafkaHeaders, retryTopic } from '@app/contract';
import { type ConsumedRecord, type OutgoingRecord } from '@app/kafka';

/**
 * The latest tier a deferral goes to. A deferred webhook's backlog comes back at most this
 * tier's delay later (5 minutes by default), so a webhook judged slow by mistake loses minutes,
 * never hours, while a hanging one's backlog is re-read only every few minutes.
 */
export const LAST_DEFERRAL_TIER = 2;

/**
 * A failing webhook's backlog (no answer, or answers that never end: it cannot be a mistaken
 * judgement) goes on to the first tier due at least this long later, so that a short schedule
 * (1s,5s,30s,…) does not have it produced and fetched again every few seconds.
 */
export const FAILING_DEFERRAL_MS = 30_000;

/**
 * The latest tier a failing webhook's deferral goes to: the first one due at least
 * FAILING_DEFERRAL_MS later, never before LAST_DEFERRAL_TIER, or the last one when none is.
 */
export function lastFailingDeferralTier(delaysMs: readonly number[]): number {
  const index = delaysMs.findIndex((delayMs) => delayMs >= FAILING_DEFERRAL_MS);
  const tier = index === -1 ? delaysMs.length : index + 1;
  return Math.min(Math.max(tier, LAST_DEFERRAL_TIER), delaysMs.length);
}

/**
 * Where a job goes, unattempted, when its webhook already has a backlog in this process: to
 * the retry tier of its deferral count (the first to tier 1, every later one to tier 2 —
 * LAST_DEFERRAL_TIER — or the last tier when there are fewer; a `failing` webhook's on, tier
 * by tier, to `lastFailingDeferralTier`), due after that tier's delay, unchanged otherwise. Its
 * attempt number stays: a deferral is no attempt. Undefined without retry tiers: then the job
 * waits in the buffer.
 */
export function deferredJob(
  record: ConsumedRecord,
  delaysMs: readonly number[],
  now: number,
  failing = false,
): { topic: string; record: OutgoingRecord } | undefined {
  if (delaysMs.length === 0) return undefined;
  const deferrals = (Number(record.headers[KafkaHeaders.deferrals]) || 0) + 1;
  const lastTier = failing ? lastFailingDeferralTier(delaysMs) : LAST_DEFERRAL_TIER;
  const tier = Math.min(deferrals, lastTier, delaysMs.length);
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
