import { storableJson, storableText } from './pg-safe';

describe('storable text', () => {
  it('replaces NUL and lone surrogates, keeps valid pairs', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('x\ud800y')).toBe('x\ufffdy');
    expect(storableText('x\udc00y')).toBe('x\ufffdy');
    expect(storableText('emoji 😀 ok')).toBe('emoji 😀 ok');
  });

  it('cleans keys and values of nested JSON, leaving other values alone', () => {
    expect(storableJson({ 'k\u0000': ['v\u0000', 1, null, true, { deep: '\ud83d' }] })).toEqual({
      'k\ufffd': ['v\ufffd', 1, null, true, { deep: '\ufffd' }],
    });
  });
});
