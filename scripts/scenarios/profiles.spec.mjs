// @ts-check
import { describe, expect, it } from '@jest/globals';
import { topSelfFrames } from './profiles.mjs';

/** @param {number} id @param {string} functionName @param {string} url */
const node = (id, functionName, url = '', lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

describe('topSelfFrames', () => {
  const profile = {
    startTime: 0,
    endTime: 10_000,
    nodes: [
      node(1, '(root)'),
      node(2, 'parse', 'file:///repo/node_modules/zod/index.js', 41),
      node(3, 'send', 'file:///repo/dist/apps/delivery/main.js', 9),
      node(4, 'parse', 'file:///repo/node_modules/zod/index.js', 41), // same frame, another path
      node(5, '(idle)'),
    ],
    // a sample's time is the delta to the next one
    samples: [2, 3, 4, 2, 5, 1],
    timeDeltas: [0, 3_000, 1_000, 2_000, 4_000, 50_000],
  };

  it('sums self time per function and place, largest first, without root and idle', () => {
    const frames = topSelfFrames(profile);

    expect(frames.map(({ name, location, selfMs }) => ({ name, location, selfMs }))).toEqual([
      { name: 'parse', location: 'node_modules/zod/index.js:42', selfMs: 9 },
      { name: 'send', location: 'dist/apps/delivery/main.js:10', selfMs: 1 },
    ]);
    expect(frames[0]?.share).toBeCloseTo(0.9);
  });

  it('keeps only the top entries', () => {
    expect(topSelfFrames(profile, 1)).toHaveLength(1);
  });

  it('falls back to hit counts without samples', () => {
    const frames = topSelfFrames({
      startTime: 0,
      endTime: 4_000,
      nodes: [
        { ...node(1, 'a'), hitCount: 3 },
        { ...node(2, ''), hitCount: 1 },
      ],
    });

    expect(frames.map(({ name, selfMs }) => ({ name, selfMs }))).toEqual([
      { name: 'a', selfMs: 3 },
      { name: '(anonymous)', selfMs: 1 },
    ]);
  });
});
