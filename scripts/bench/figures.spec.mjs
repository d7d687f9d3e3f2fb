// @ts-check
import { describe, expect, it } from '@jest/globals';
import { describeTarget, evaluateFigure, figureRow } from './figures.mjs';

/** @type {import('./figures.mjs').Figure} */
const burst = {
  scenario: 'burst-1',
  metric: 'deliveries/s',
  unit: '/s',
  value: 1_000,
  peers: { limit: 8_000, bullmq: 800 },
  targets: [
    { op: '>=', value: 0.2, of: 'ratio', peer: 'limit' },
    { op: '>=', value: 1, of: 'ratio', peer: 'bullmq' },
  ],
};

describe('describeTarget', () => {
  it('words absolute and ratio targets', () => {
    expect(describeTarget({ op: '<=', value: 100 }, 'ms')).toBe('≤ 100 ms');
    expect(describeTarget({ op: '>=', value: 0.2, of: 'ratio', peer: 'limit' }, '/s')).toBe(
      '≥ 0.20× limit',
    );
  });
});

describe('evaluateFigure', () => {
  it('checks a ratio target against the peer of the same run', () => {
    const { checks, met } = evaluateFigure(burst);

    expect(checks).toEqual([
      { target: '≥ 0.20× limit', met: false, missBy: 1.6 },
      { target: '≥ 1.0× bullmq', met: true, missBy: 1 },
    ]);
    expect(met).toBe(false);
  });

  it('cannot judge a figure without a value or without targets', () => {
    expect(evaluateFigure({ ...burst, value: null }).met).toBeNull();
    expect(evaluateFigure({ ...burst, targets: [] }).met).toBeNull();
  });
});

describe('figureRow', () => {
  it('shows each peer with Hookstream ÷ peer, the targets and how far off a miss is', () => {
    expect(figureRow(burst)).toEqual([
      'burst-1',
      'deliveries/s',
      '1,000 /s',
      '8,000 /s (0.13×)',
      '800 /s (1.3×)',
      '',
      '',
      '≥ 0.20× limit, ≥ 1.0× bullmq',
      'missed (1.6× off)',
    ]);
  });

  it('marks a met absolute target', () => {
    const row = figureRow({
      scenario: 'steady',
      metric: 'p99',
      unit: 'ms',
      value: 57,
      targets: [{ op: '<=', value: 100 }],
    });

    expect(row.slice(-2)).toEqual(['≤ 100 ms', 'met']);
  });
});
