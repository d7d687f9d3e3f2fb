import { decodeTime } from 'ulid';
import { isId, newId } from './ids';

const DAY_MS = 86_400_000;

describe('newId', () => {
  afterEach(() => jest.useRealTimers());

  it('is the prefix and 26 Crockford base32 characters', () => {
    const id = newId('wh');
    expect(id).toMatch(/^wh_[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(isId('wh', id)).toBe(true);
    expect(isId('key', id)).toBe(false);
  });

  it('encodes its creation time in the first 48 bits', () => {
    // Later than any id made so far in this process, so the monotonic factory takes this time.
    const at = Date.now() + DAY_MS;
    jest.useFakeTimers({ now: at });
    expect(decodeTime(newId('key').slice('key_'.length))).toBe(at);
  });

  it('sorts ids made later after earlier ones', () => {
    const base = Date.now() + 2 * DAY_MS;
    jest.useFakeTimers({ now: base });
    const ids = [1, 31, 32, 1_000_000, 2 ** 35].map((offset) => {
      jest.setSystemTime(base + offset);
      return newId('wh');
    });
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays strictly increasing within one millisecond and when the clock steps back', () => {
    const now = Date.now() + 3 * DAY_MS;
    jest.useFakeTimers({ now });
    const ids = [newId('wh'), newId('wh'), newId('wh')];
    jest.setSystemTime(now - 5_000);
    ids.push(newId('wh'));
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects malformed ids', () => {
    expect(isId('wh', 'wh_')).toBe(false);
    expect(isId('wh', 'wh_01M80347XDKZN0G3MSFT167WR')).toBe(false); // 25 characters
    expect(isId('wh', 'wh_81M80347XDKZN0G3MSFT167WR6')).toBe(false); // overflows 128 bits
    expect(isId('wh', 'wh_01M80347XDKZN0G3MSFT167WRU')).toBe(false); // U is not Crockford
    expect(isId('wh', 'wh_01m80347xdkzn0g3msft167wr6')).toBe(false);
  });
});
