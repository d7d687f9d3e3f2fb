import { required } from './required';

describe('required', () => {
  it('returns a present value, falsy ones included', () => {
    expect(required(0, 'the count')).toBe(0);
    expect(required(null, 'the row')).toBeNull();
  });

  it('throws naming what was missing', () => {
    expect(() => required([][0], 'the count row')).toThrow('Missing the count row');
  });
});
