import { settleWithin } from './settle-within';

describe('settleWithin', () => {
  it('reports a value, a rejection or a timeout', async () => {
    await expect(settleWithin(Promise.resolve(7), 50)).resolves.toEqual({
      status: 'fulfilled',
      value: 7,
    });
    const error = new Error('boom');
    await expect(settleWithin(Promise.reject(error), 50)).resolves.toEqual({
      status: 'rejected',
      reason: error,
    });
    const never = new Promise<number>(() => undefined);
    await expect(settleWithin(never, 10)).resolves.toEqual({ status: 'timeout' });
  });

  it('handles a rejection that comes after the timeout', async () => {
    const late = new Promise<void>((_, reject) => setTimeout(() => reject(new Error('late')), 20));
    await expect(settleWithin(late, 1)).resolves.toEqual({ status: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 40)); // no unhandled rejection
  });
});
