import { duration, isoToLocalInput, localInputToIso, percent, rate, relative } from './format';

describe('format', () => {
  it('writes rates, durations and percentages', () => {
    expect(percent(null)).toBe('—');
    expect(percent(1)).toBe('100 %');
    expect(percent(2 / 3)).toBe('66.7 %');
    expect(duration(42.4)).toBe('42 ms');
    expect(duration(1_500)).toBe('1.5 s');
    expect(duration(180_000)).toBe('3 min');
    expect(rate(0.5)).toBe('0.50');
    expect(rate(123.4)).toBe('123');
  });

  it('writes times relative to now', () => {
    const now = Date.parse('2026-11-21T10:00:00.000Z');
    expect(relative('2026-11-21T10:00:00.200Z', now)).toBe('now');
    expect(relative('2026-11-21T09:59:30.000Z', now)).toBe('30 s ago');
    expect(relative('2026-11-21T10:05:00.000Z', now)).toBe('in 5 min');
    expect(relative('2026-11-21T07:00:00.000Z', now)).toBe('3 h ago');
    expect(relative('2026-11-24T10:00:00.000Z', now)).toBe('in 3 d');
  });

  it('round-trips datetime-local values through ISO instants', () => {
    const iso = localInputToIso('2026-11-21T10:30');
    expect(iso).toBeDefined();
    expect(isoToLocalInput(iso!)).toBe('2026-11-21T10:30');
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('not a time')).toBeUndefined();
  });
});
