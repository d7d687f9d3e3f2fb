import { parseRetryAfter, RetrySchedule } from './retry-schedule';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('RetrySchedule', () => {
  const schedule = new RetrySchedule([5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR]);

  it('allows one attempt more than there are delays', () => {
    expect(schedule.maxAttempts).toBe(5);
    expect(new RetrySchedule([]).maxAttempts).toBe(1);
  });

  it.each([
    [1, 5 * SECOND],
    [2, 5 * MINUTE],
    [3, 30 * MINUTE],
    [4, 2 * HOUR],
  ])('sends failed attempt %d to retry tier %d after the scheduled delay', (attempt, delayMs) => {
    expect(schedule.after(attempt)).toEqual({
      tier: attempt,
      topic: `hookstream.deliveries.retry.${attempt}`,
      delayMs,
    });
  });

  it('has no retry after the last attempt', () => {
    expect(schedule.after(schedule.maxAttempts)).toBeUndefined();
    expect(schedule.after(schedule.maxAttempts + 1)).toBeUndefined();
  });

  it('has no retry for an attempt number below 1', () => {
    expect(schedule.after(0)).toBeUndefined();
    expect(schedule.after(-1)).toBeUndefined();
  });

  it('never retries with an empty schedule', () => {
    expect(new RetrySchedule([]).after(1)).toBeUndefined();
  });

  it.each([
    ['below the schedule', 1 * MINUTE, 5 * MINUTE],
    ['zero', 0, 5 * MINUTE],
    ['within the range', 7 * MINUTE, 7 * MINUTE],
    ['exactly double', 10 * MINUTE, 10 * MINUTE],
    ['beyond double', 3 * HOUR, 10 * MINUTE],
  ])('clamps a Retry-After %s to [scheduled, 2 × scheduled]', (_label, retryAfterMs, delayMs) => {
    expect(schedule.after(2, retryAfterMs)?.delayMs).toBe(delayMs);
  });

  it('has no retry after the last attempt even with a Retry-After', () => {
    expect(schedule.after(5, 1 * SECOND)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');

  it('is undefined without a header', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });

  it.each([
    ['0', 0],
    ['120', 120 * SECOND],
    [' 30 ', 30 * SECOND],
  ])('reads delay-seconds %j', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:02:30 GMT', now)).toBe(150 * SECOND);
  });

  it('reads an HTTP date equal to now as 0', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:00 GMT', now)).toBe(0);
  });

  it('reads an HTTP date in the past as 0', () => {
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
  });

  it.each(['garbage', 'soon', '10 seconds', '0x10', '1e3'])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });
});

describe('parseRetryAfter with date-like junk', () => {
  it.each(['-5', '1.5', 'foo 12', 'x 2099'])('ignores %s', (header) => {
    expect(parseRetryAfter(header, Date.UTC(2026, 10, 21))).toBeUndefined();
  });
});
