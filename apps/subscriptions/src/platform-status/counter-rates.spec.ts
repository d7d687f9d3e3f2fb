import { CounterRateTracker } from './counter-rates';

const reading = (at: number, success: number, failure = 0, processStart = 1) => ({
  at,
  processStart,
  totals: new Map([
    ['success', success],
    ['failure', failure],
  ]),
});

describe('CounterRateTracker', () => {
  it('has no rate until two readings are far enough apart', () => {
    const tracker = new CounterRateTracker(60_000, 1_000);
    expect(tracker.record(reading(0, 10))).toBeUndefined();
    expect(tracker.record(reading(500, 20))).toBeUndefined();
    expect(tracker.record(reading(2_000, 30, 4))).toEqual({
      perSecond: { success: 10, failure: 2 },
      windowSeconds: 2,
    });
  });

  it('measures over the window only', () => {
    const tracker = new CounterRateTracker(10_000, 1_000);
    tracker.record(reading(0, 0));
    tracker.record(reading(5_000, 100));
    expect(tracker.record(reading(15_000, 300))).toEqual({
      perSecond: { success: 20, failure: 0 },
      windowSeconds: 10,
    });
  });

  it('starts again when the counters come from another process', () => {
    const tracker = new CounterRateTracker(60_000, 1_000);
    tracker.record(reading(0, 500));
    expect(tracker.record(reading(5_000, 3, 0, 2))).toBeUndefined();
    expect(tracker.record(reading(7_000, 7, 0, 2))).toEqual({
      perSecond: { success: 2, failure: 0 },
      windowSeconds: 2,
    });
  });

  it('never reports a negative rate, and counts keys that appear later from zero', () => {
    const tracker = new CounterRateTracker(60_000, 1_000);
    tracker.record({ at: 0, processStart: 1, totals: new Map([['success', 10]]) });
    expect(
      tracker.record({
        at: 1_000,
        processStart: 1,
        totals: new Map([
          ['success', 5],
          ['timeout', 3],
        ]),
      }),
    ).toEqual({ perSecond: { success: 0, timeout: 3 }, windowSeconds: 1 });
  });
});
