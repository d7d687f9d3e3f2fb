import { limitParam, toPage } from './pagination';

describe('toPage', () => {
  const cursorOf = (row: number) => `after-${row}`;

  it('has a next cursor only when a row beyond the limit was fetched', () => {
    expect(toPage([1, 2, 3], 2, String, cursorOf)).toEqual({
      data: ['1', '2'],
      nextCursor: 'after-2',
    });
    expect(toPage([1, 2], 2, String, cursorOf)).toEqual({ data: ['1', '2'], nextCursor: null });
    expect(toPage([], 2, String, cursorOf)).toEqual({ data: [], nextCursor: null });
  });
});

describe('limitParam', () => {
  it('defaults to 20 and accepts 1..100 from the query string', () => {
    expect(limitParam.parse(undefined)).toBe(20);
    expect(limitParam.parse('100')).toBe(100);
    expect(limitParam.safeParse('0').success).toBe(false);
    expect(limitParam.safeParse('101').success).toBe(false);
    expect(limitParam.safeParse('2.5').success).toBe(false);
    expect(limitParam.safeParse('ten').success).toBe(false);
  });
});
