import { jsonDepthExceeds } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepthExceeds', () => {
  it('counts nested arrays and objects', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":[]}]}'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes('[[],[],[]]'), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes('1'), 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(bytes('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":"\\"[[[[","b":"\\\\"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"é[":"ü{"}'), 1)).toBe(false);
  });

  it('stops early on a hostile body', () => {
    expect(jsonDepthExceeds(bytes('['.repeat(1_000_000)), 64)).toBe(true);
  });
});
