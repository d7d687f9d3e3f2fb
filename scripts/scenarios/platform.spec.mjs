// @ts-check
import { describe, expect, it } from '@jest/globals';
import { Platform } from './platform.mjs';
import { PortAllocator } from './ports.mjs';

describe('Platform.nextReplica', () => {
  it('numbers each app’s replicas apart, however many are added at once', () => {
    const platform = new Platform({ env: {}, runDir: '/tmp/unused', ports: new PortAllocator(0) });

    const numbers = ['delivery', 'delivery', 'fanout', 'delivery'].map((name) =>
      platform.nextReplica(/** @type {'delivery' | 'fanout'} */ (name)),
    );

    expect(numbers).toEqual([1, 2, 1, 3]);
  });
});
