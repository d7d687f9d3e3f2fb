// @ts-check
import { describe, expect, it } from '@jest/globals';
import { isProducerStateError, splitByPartition } from './load-producer.mjs';

describe('splitByPartition', () => {
  const messages = ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value }));

  it('deals the messages round robin, each group tagged with its partition', () => {
    const { groups } = splitByPartition(messages, 3, 0);
    expect([...groups]).toEqual([
      [
        0,
        [
          { value: 'a', partition: 0 },
          { value: 'd', partition: 0 },
        ],
      ],
      [
        1,
        [
          { value: 'b', partition: 1 },
          { value: 'e', partition: 1 },
        ],
      ],
      [2, [{ value: 'c', partition: 2 }]],
    ]);
  });

  it('goes on where the previous call stopped, so partitions get equal shares', () => {
    const first = splitByPartition(messages.slice(0, 2), 3, 0);
    expect(first.next).toBe(2);
    const second = splitByPartition(messages.slice(2, 3), 3, first.next);
    expect([...second.groups.keys()]).toEqual([2]);
    expect(second.next).toBe(0);
  });
});

describe('isProducerStateError', () => {
  it('recognises an out-of-order sequence refusal, also wrapped by kafkajs', () => {
    const refusal = Object.assign(new Error('out of order'), {
      type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    expect(isProducerStateError(refusal)).toBe(true);
    expect(isProducerStateError(Object.assign(new Error('wrapped'), { cause: refusal }))).toBe(
      true,
    );
    expect(
      isProducerStateError(Object.assign(new Error('retried'), { originalError: refusal })),
    ).toBe(true);
  });

  it('leaves other failures (a broker away, a leader moving) to plain retries', () => {
    expect(isProducerStateError(new Error('Connection error: ECONNREFUSED'))).toBe(false);
    expect(
      isProducerStateError(
        Object.assign(new Error('not leader'), { type: 'NOT_LEADER_FOR_PARTITION' }),
      ),
    ).toBe(false);
    expect(isProducerStateError(undefined)).toBe(false);
  });
});
