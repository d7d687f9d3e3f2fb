// @ts-check
import { describe, expect, it } from '@jest/globals';
import { errorText, runScenarios } from './run.mjs';

describe('runScenarios', () => {
  const all = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];

  it('runs the chosen scenarios in their order and goes on after one that throws', async () => {
    /** @type {string[]} */
    const seen = [];
    await runScenarios(all, ['c', 'a'], {
      run: async (scenario) => {
        seen.push(`run ${scenario.name}`);
        if (scenario.name === 'a') throw new Error('broken');
        await Promise.resolve();
      },
      failed: (scenario, error, seconds) => {
        seen.push(`failed ${scenario.name}: ${String(error)} after ${seconds} s`);
      },
    });
    expect(seen).toEqual(['run a', 'failed a: Error: broken after 0 s', 'run c']);
  });

  it('runs them all when --only names none', async () => {
    /** @type {string[]} */
    const seen = [];
    await runScenarios(all, [], {
      run: async (scenario, seconds) => {
        await Promise.resolve();
        seen.push(`${scenario.name} ${seconds()}`);
      },
      failed: () => seen.push('failed'),
    });
    expect(seen).toEqual(['a 0', 'b 0', 'c 0']);
  });
});

describe('errorText', () => {
  it('is the stack of an Error and the text of anything else', () => {
    const error = new Error('broken');
    expect(errorText(error)).toBe(error.stack);
    expect(errorText('plain')).toBe('plain');
  });
});
