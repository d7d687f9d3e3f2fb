import { canonicalJson, requestBodyHash } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson(JSON.parse('{ "b": [ {"y":1, "x":2} ], "a": "é" }'))).toBe(
      '{"a":"é","b":[{"x":2,"y":1}]}',
    );
  });

  it('keeps array order and distinguishes types', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson(undefined)).not.toBe(canonicalJson({}));
    expect(canonicalJson(null)).toBe('null');
  });

  it('treats __proto__ as a plain key', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    expect(canonicalJson(body)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hashes equivalent bodies alike', () => {
    expect(requestBodyHash({ url: 'u', events: ['a'] })).toBe(
      requestBodyHash(JSON.parse('{"events":["a"],"url":"u"}')),
    );
    expect(requestBodyHash({ url: 'u' })).toMatch(/^[0-9a-f]{64}$/);
    expect(requestBodyHash({ url: 'u' })).not.toBe(requestBodyHash({ url: 'v' }));
  });
});
