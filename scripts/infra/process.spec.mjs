// @ts-check
import { describeError, parentOf } from './process.mjs';

describe('parentOf', () => {
  it('reads the parent pid from /proc', () => {
    expect(parentOf(process.pid)).toBe(process.ppid);
  });

  it('is undefined for a process that does not exist', () => {
    expect(parentOf(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('describeError', () => {
  it('prefers the system error code', () => {
    expect(
      describeError(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' })),
    ).toBe('ECONNREFUSED');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('text')).toBe('text');
  });
});
