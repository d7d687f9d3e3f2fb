import { attemptResultStep, isNewerStamp, jobStep } from './status-precedence';

describe('status precedence', () => {
  const job = (series: number, attempt: number) => ({ series, step: jobStep(attempt) });
  const result = (series: number, attempt: number) => ({
    series,
    step: attemptResultStep(attempt),
  });

  it('orders a job before its result, and both before the next attempt', () => {
    const timeline = [job(0, 1), result(0, 1), job(0, 2), result(0, 2), job(0, 3), result(0, 3)];
    for (const [index, later] of timeline.entries()) {
      const earlier = timeline[index - 1];
      if (earlier === undefined) continue; // the first has none before it
      expect(isNewerStamp(later, earlier)).toBe(true);
      expect(isNewerStamp(earlier, later)).toBe(false);
    }
  });

  it('lets a redelivery (a later series) override any step of an earlier series', () => {
    expect(isNewerStamp(job(1_795_000_000_000, 1), result(0, 8))).toBe(true);
    expect(isNewerStamp(result(0, 8), job(1_795_000_000_000, 1))).toBe(false);
  });

  it('treats a replayed record as not newer (replays change nothing)', () => {
    expect(isNewerStamp(result(0, 2), result(0, 2))).toBe(false);
  });

  it('keeps the result when its job is projected after it (cross-topic race)', () => {
    expect(isNewerStamp(job(0, 1), result(0, 1))).toBe(false);
  });
});
