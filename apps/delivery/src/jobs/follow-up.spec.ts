import { RetrySchedule } from '../retries/retry-schedule';
import { attemptStatus, decideFollowUp } from './follow-up';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const schedule = new RetrySchedule([1_000, 60_000]);
const failure = (statusCode: number | null, retryAfter?: string) => ({
  outcome: statusCode === null ? ('timeout' as const) : ('failure' as const),
  statusCode,
  retryAfter,
});

describe('decideFollowUp', () => {
  it('ends the series on success, whatever the attempt', () => {
    expect(decideFollowUp(3, { outcome: 'success', statusCode: 204 }, schedule, NOW)).toEqual({
      kind: 'delivered',
    });
  });

  it('ends the series on 410 Gone even with retries left', () => {
    expect(decideFollowUp(1, failure(410), schedule, NOW)).toEqual({ kind: 'gone' });
  });

  it.each([
    [1, 1_000, 'hookstream.deliveries.retry.1'],
    [2, 60_000, 'hookstream.deliveries.retry.2'],
  ])(
    'sends failed attempt %d to its tier, due after the scheduled delay',
    (attempt, delay, topic) => {
      expect(decideFollowUp(attempt, failure(500), schedule, NOW)).toEqual({
        kind: 'retry',
        tier: attempt,
        topic,
        dueAt: NOW + delay,
      });
      expect(decideFollowUp(attempt, failure(null), schedule, NOW)).toMatchObject({
        kind: 'retry',
      });
    },
  );

  it('dead-letters after the last attempt', () => {
    expect(decideFollowUp(3, failure(500), schedule, NOW)).toEqual({ kind: 'exhausted' });
  });

  it('honours Retry-After on 429 and 503 only, within the schedule bounds', () => {
    expect(decideFollowUp(2, failure(429, '90'), schedule, NOW)).toMatchObject({
      dueAt: NOW + 90_000,
    });
    expect(decideFollowUp(2, failure(503, '3600'), schedule, NOW)).toMatchObject({
      dueAt: NOW + 120_000,
    });
    expect(decideFollowUp(2, failure(500, '90'), schedule, NOW)).toMatchObject({
      dueAt: NOW + 60_000,
    });
  });
});

describe('attemptStatus', () => {
  it('maps each follow-up to the message status the attempt leaves behind', () => {
    expect(attemptStatus({ kind: 'delivered' })).toEqual({
      status: 'delivered',
      endReason: 'delivered',
      nextAttemptAt: null,
    });
    expect(attemptStatus({ kind: 'gone' })).toEqual({
      status: 'failed',
      endReason: 'gone',
      nextAttemptAt: null,
    });
    expect(attemptStatus({ kind: 'exhausted' })).toEqual({
      status: 'failed',
      endReason: 'exhausted',
      nextAttemptAt: null,
    });
    expect(attemptStatus({ kind: 'retry', tier: 1, topic: 'x', dueAt: NOW + 1_000 })).toEqual({
      status: 'pending',
      endReason: null,
      nextAttemptAt: '2026-11-21T10:00:01.000Z',
    });
  });
});
