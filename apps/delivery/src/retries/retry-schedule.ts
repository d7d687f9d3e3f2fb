import { retryTopic } from '@app/contract';

export interface NextAttempt {
  tier: number;
  topic: string;
  delayMs: number;
}

/**
 * RETRY_SCHEDULE as a policy: attempt n failed → retry tier n after the n-th delay. A
 * receiver's Retry-After may postpone it, never below the schedule and at most to double.
 */
export class RetrySchedule {
  constructor(readonly delaysMs: readonly number[]) {}

  get maxAttempts(): number {
    return this.delaysMs.length + 1;
  }

  /** What follows a failed attempt, or undefined when it was the last. */
  after(attempt: number, retryAfterMs?: number): NextAttempt | undefined {
    // Before the first attempt or past the last tier: no next attempt.
    const scheduled = this.delaysMs[attempt - 1];
    if (scheduled === undefined) return undefined;
    const delayMs =
      retryAfterMs === undefined
        ? scheduled
        : Math.min(Math.max(retryAfterMs, scheduled), 2 * scheduled);
    return { tier: attempt, topic: retryTopic(attempt), delayMs };
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // Only the IMF-fixdate form (`Wed, 21 Oct 2015 07:28:00 GMT`): Date.parse alone accepts junk.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text))
    return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
