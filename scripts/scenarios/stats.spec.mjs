// @ts-check
import { describe, expect, it } from '@jest/globals';
import {
  distribution,
  evaluateTarget,
  longestGap,
  percentile,
  perSecond,
  ratio,
  timeToFirstNewReceipt,
} from './stats.mjs';

describe('percentile', () => {
  const sorted = Array.from({ length: 100 }, (_, index) => index + 1); // 1..100

  it('takes the nearest rank', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
  });

  it('gives the only value for any p of one value, and null for none', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('never reads below the first value', () => {
    expect(percentile([3, 4], 0)).toBe(3);
  });
});

describe('distribution', () => {
  it('sorts a copy and reports p50/p95/p99/max', () => {
    const values = [5, 1, 4, 2, 3];

    expect(distribution(values)).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('is empty for no values', () => {
    expect(distribution([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});

describe('perSecond and ratio', () => {
  it('turns a count over milliseconds into a rate', () => {
    expect(perSecond(500, 250)).toBe(2_000);
    expect(perSecond(5, 0)).toBeNull();
  });

  it('divides by the peer, and has no ratio without both values or with a zero peer', () => {
    expect(ratio(1_000, 4_000)).toBe(0.25);
    expect(ratio(null, 4_000)).toBeNull();
    expect(ratio(1, undefined)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
  });
});

describe('evaluateTarget', () => {
  it('meets an at-least target and says by how much one is missed', () => {
    expect(evaluateTarget(2_500, { op: '>=', value: 2_000 })).toEqual({ met: true, missBy: 1 });
    expect(evaluateTarget(500, { op: '>=', value: 2_000 })).toEqual({ met: false, missBy: 4 });
  });

  it('meets an at-most target and says by how much one is missed', () => {
    expect(evaluateTarget(100, { op: '<=', value: 100 })).toEqual({ met: true, missBy: 1 });
    expect(evaluateTarget(300, { op: '<=', value: 100 })).toEqual({ met: false, missBy: 3 });
  });

  it('cannot judge a missing value', () => {
    expect(evaluateTarget(null, { op: '<=', value: 1 })).toEqual({ met: null, missBy: null });
    expect(evaluateTarget(Number.NaN, { op: '<=', value: 1 })).toEqual({ met: null, missBy: null });
  });

  it('has no factor for a zero value under an at-least target', () => {
    expect(evaluateTarget(0, { op: '>=', value: 1 })).toEqual({ met: false, missBy: null });
  });
});

describe('longestGap', () => {
  it('counts the window edges as if they were receipts', () => {
    expect(longestGap([1_010, 1_020, 1_900], 1_000, 2_000)).toBe(880);
    expect(longestGap([1_500], 1_000, 1_600)).toBe(500);
  });

  it('is the whole window when nothing arrived in it, and ignores receipts outside it', () => {
    expect(longestGap([100, 5_000], 1_000, 2_000)).toBe(1_000);
  });
});

describe('timeToFirstNewReceipt', () => {
  it('looks only at events sent after the moment', () => {
    const sentAt = [100, 900, 1_000, 1_200];
    const receivedAt = [150, 5_000, 1_700, 1_400];

    expect(timeToFirstNewReceipt(sentAt, receivedAt, 1_000)).toBe(400);
  });

  it('is null when nothing sent after the moment arrived', () => {
    expect(timeToFirstNewReceipt([100], [200], 1_000)).toBeNull();
  });
});
