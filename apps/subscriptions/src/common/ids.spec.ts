import { idTimestamp, isId, newId } from './ids';

describe('newId', () => {
  it('is the prefix and 26 Crockford base32 characters', () => {
    const id = newId('wh');
    expect(id).toMatch(/^wh_[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(isId('wh', id)).toBe(true);
    expect(isId('key', id)).toBe(false);
  });

  it('encodes its creation time in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 21, 10, 0, 0, 123);
    expect(idTimestamp(newId('key', at + 86_400_000))).toBe(at + 86_400_000);
  });

  it('sorts by creation time, also across a change in length of the time digits', () => {
    const times = [1, 31, 32, 1_000_000, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 2 ** 47];
    const ids = times.map((time) => newId('wh', time + 2 ** 40));
    expect([...ids].sort()).toEqual(ids);
  });

  it('stays strictly increasing within one millisecond and when the clock steps back', () => {
    const now = Date.UTC(2030, 0, 1);
    const ids = [newId('wh', now), newId('wh', now), newId('wh', now), newId('wh', now - 5_000)];
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects malformed ids', () => {
    expect(isId('wh', 'wh_')).toBe(false);
    expect(isId('wh', 'wh_01M80347XDKZN0G3MSFT167WR')).toBe(false); // 25 characters
    expect(isId('wh', 'wh_81M80347XDKZN0G3MSFT167WR6')).toBe(false); // overflows 128 bits
    expect(isId('wh', 'wh_01M80347XDKZN0G3MSFT167WRU')).toBe(false); // U is not Crockford
    expect(isId('wh', 'wh_01m80347xdkzn0g3msft167wr6')).toBe(false);
    expect(idTimestamp('nonsense')).toBeUndefined();
  });
});
