import { type MessageStatus, type SeriesEnd } from '@app/contract';
import { parseRetryAfter, type RetrySchedule } from '../retries/retry-schedule';
import { type SendResult } from '../sender/webhook-sender.service';

/** What an attempt's outcome leads to; `decideFollowUp` is the delivery policy in one place. */
export type FollowUp =
  | { kind: 'delivered' }
  | { kind: 'gone' }
  | { kind: 'retry'; tier: number; topic: string; dueAt: number }
  | { kind: 'exhausted' };

/**
 * Success ends the series; 410 Gone ends it (and disables the webhook); any other failure goes
 * to the next retry tier — a `Retry-After` on 429/503 postponing it within the schedule's
 * bounds — until the schedule is used up, when the job is dead-lettered.
 */
export function decideFollowUp(
  attempt: number,
  result: Pick<SendResult, 'outcome' | 'statusCode' | 'retryAfter'>,
  schedule: RetrySchedule,
  now: number,
): FollowUp {
  if (result.outcome === 'success') return { kind: 'delivered' };
  if (result.statusCode === 410) return { kind: 'gone' };
  const retryAfterMs =
    result.statusCode === 429 || result.statusCode === 503
      ? parseRetryAfter(result.retryAfter, now)
      : undefined;
  const next = schedule.after(attempt, retryAfterMs);
  if (!next) return { kind: 'exhausted' };
  return { kind: 'retry', tier: next.tier, topic: next.topic, dueAt: now + next.delayMs };
}

/** The message status and series end an attempt record carries for a follow-up. */
export function attemptStatus(followUp: FollowUp): {
  status: MessageStatus;
  endReason: SeriesEnd | null;
  nextAttemptAt: string | null;
} {
  switch (followUp.kind) {
    case 'delivered':
      return { status: 'delivered', endReason: 'delivered', nextAttemptAt: null };
    case 'gone':
      return { status: 'failed', endReason: 'gone', nextAttemptAt: null };
    case 'exhausted':
      return { status: 'failed', endReason: 'exhausted', nextAttemptAt: null };
    case 'retry':
      return {
        status: 'pending',
        endReason: null,
        nextAttemptAt: new Date(followUp.dueAt).toISOString(),
      };
  }
}
