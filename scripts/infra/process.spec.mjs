// @ts-check
import { describeError } from './process.mjs';

describe('describeError', () => {
  it('prefers the system error code', () => {
    expect(
      describeError(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' })),
    ).toBe('ECONNREFUSED');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError('text')).toBe('text');
  });
});
