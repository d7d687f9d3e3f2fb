// @ts-check
import { describe, expect, it } from '@jest/globals';
import { chaosRow, faultTimes, judge, seededRandom } from './verdict.mjs';

/** @type {import('./verdict.mjs').Measurement} */
const clean = {
  expected: 6_000,
  delivered: 6_000,
  duplicates: 30,
  p99Ms: 900,
  recoverMs: 4_000,
  recoverWhat: 'new events delivered again',
  stalled: false,
  logComplete: true,
  logLagMs: 800,
};

describe('judge', () => {
  it('passes a run with nothing lost and duplicates and recovery within target', () => {
    const verdict = judge(clean, { maxDuplicateRatio: 0.01, maxRecoverMs: 10_000 });

    expect(verdict.pass).toBe(true);
    expect(verdict.lost).toBe(0);
    expect(verdict.duplicateRatio).toBeCloseTo(0.005);
    expect(verdict.checks.map((check) => check.name)).toEqual([
      'nothing lost',
      'no stall',
      'attempt log complete',
      'duplicates ≤ 1 %',
      'new events delivered again ≤ 10 s',
    ]);
  });

  it('fails on each broken guarantee and says which', () => {
    const verdict = judge(
      {
        ...clean,
        delivered: 5_000,
        duplicates: 600,
        stalled: true,
        logComplete: false,
        recoverMs: null,
      },
      { maxDuplicateRatio: 0.01, maxRecoverMs: 10_000 },
    );

    expect(verdict.pass).toBe(false);
    expect(verdict.lost).toBe(1_000);
    expect(verdict.checks.filter((check) => !check.pass).map((check) => check.detail)).toEqual([
      '1000 lost',
      'deliveries stopped with work left',
      'incomplete',
      '12.00 %',
      'never',
    ]);
  });

  it('adds scenario checks and leaves out targets a scenario does not have', () => {
    const verdict = judge(
      { ...clean, extra: [{ name: 'retries never early', pass: false, detail: '950 ms' }] },
      {},
    );

    expect(verdict.checks.map((check) => check.name)).toEqual([
      'nothing lost',
      'no stall',
      'attempt log complete',
      'retries never early',
    ]);
    expect(verdict.pass).toBe(false);
  });
});

describe('chaosRow', () => {
  it('prints the counts, the ratio and the failed checks', () => {
    const measurement = { ...clean, delivered: 5_990, duplicates: 120 };
    const row = chaosRow(
      'broker-restart',
      measurement,
      judge(measurement, { maxDuplicateRatio: 0.01 }),
    );

    expect(row).toEqual([
      'broker-restart',
      '6,000',
      '5,990',
      '10',
      '120',
      '2.00 %',
      '900 ms',
      '4 s',
      'complete',
      'FAIL: nothing lost (10 lost); duplicates ≤ 1 % (2.00 %)',
    ]);
  });
});

describe('faultTimes', () => {
  it('spaces faults within the bounds and keeps the end quiet', () => {
    const times = faultTimes(seededRandom(42), {
      durationMs: 60_000,
      minMs: 5_000,
      maxMs: 10_000,
      quietMs: 5_000,
    });

    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times.at(-1)).toBeLessThanOrEqual(55_000);
    times.forEach((time, index) => {
      const gap = time - (times[index - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(5_000);
      expect(gap).toBeLessThanOrEqual(10_000);
    });
  });

  it('repeats for the same seed', () => {
    const shape = { durationMs: 30_000, minMs: 5_000, maxMs: 10_000, quietMs: 3_000 };

    expect(faultTimes(seededRandom(7), shape)).toEqual(faultTimes(seededRandom(7), shape));
  });
});
