import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5s', 1_500],
    ['0.5m', 30_000],
    [' 5s ', 5_000],
    ['10h', 36_000_000],
  ])('parses %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['5', '5x', '-1s', '0s', '0ms', '', 's', '5 s', '5S', '1.s', '.5s', '5sec', '1h30m'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('parseDuration below a millisecond', () => {
  it.each(['0.4ms', '0.0001s'])('rejects %s, which rounds to zero', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
