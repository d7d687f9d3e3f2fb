// @ts-check
import { describe, expect, it } from '@jest/globals';
import {
  DeadlineError,
  STACK_START_BUDGET_MS,
  scenarioBudgetMs,
  timeLeftFor,
  withDeadline,
} from './deadline.mjs';

describe('withDeadline', () => {
  it('passes on what the work resolves with when it finishes in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 1_000, 'work')).resolves.toBe(42);
  });

  it('passes on the work’s own rejection', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 1_000, 'work')).rejects.toThrow(
      'boom',
    );
  });

  it('rejects with a DeadlineError naming the work when it never finishes', async () => {
    const never = new Promise(() => {});
    const outcome = withDeadline(never, 20, 'cluster-broker-kill');
    await expect(outcome).rejects.toBeInstanceOf(DeadlineError);
    await expect(outcome).rejects.toThrow('cluster-broker-kill did not finish within 0 s');
  });

  it('leaves no unhandled rejection when the work fails after the deadline', async () => {
    /** @type {(error: Error) => void} */
    let fail = () => {};
    const late = new Promise((_, reject) => (fail = reject));
    await expect(withDeadline(late, 10, 'late')).rejects.toBeInstanceOf(DeadlineError);
    /** @type {unknown[]} */
    const unhandled = [];
    const onUnhandled = (/** @type {unknown} */ reason) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    fail(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});

describe('scenarioBudgetMs', () => {
  const quick = { trafficMs: 20_000, idleMs: 30_000 };

  it('covers the traffic, both idle waits and the slowest fault', () => {
    expect(scenarioBudgetMs(quick, { startsStack: false })).toBe(2 * 20_000 + 2 * 30_000 + 90_000);
  });

  it('allows the slowest fault once for each fault injected in turn', () => {
    expect(
      scenarioBudgetMs(quick, { startsStack: false, faults: 3 }) -
        scenarioBudgetMs(quick, { startsStack: false }),
    ).toBe(2 * 90_000);
  });

  it('adds a platform start when the scenario cannot reuse the previous one', () => {
    expect(
      scenarioBudgetMs(quick, { startsStack: true }) -
        scenarioBudgetMs(quick, { startsStack: false }),
    ).toBe(STACK_START_BUDGET_MS);
  });
});

describe('timeLeftFor', () => {
  it('gives the whole budget while the run has time for it', () => {
    expect(timeLeftFor(60_000, 1_000_000, 100_000)).toBe(60_000);
  });

  it('never reaches past the run’s deadline', () => {
    expect(timeLeftFor(60_000, 1_000_000, 980_000)).toBe(20_000);
  });

  it('is zero once the run’s deadline has passed', () => {
    expect(timeLeftFor(60_000, 1_000_000, 1_200_000)).toBe(0);
  });
});
