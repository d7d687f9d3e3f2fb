// @ts-check
import { describe, expect, it } from '@jest/globals';
import { fileStamp, formatNumber, formatRatio, markdownTable, textTable } from './report.mjs';

describe('formatNumber', () => {
  it.each([
    [12_345.6, '12,346'],
    [123.4, '123'],
    [12.34, '12.3'],
    [1.234, '1.23'],
    [0.12345, '0.123'],
    [0, '0'],
    [null, '—'],
    [undefined, '—'],
    [Number.NaN, '—'],
  ])('renders %p as %p', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatRatio', () => {
  it.each([
    [0.2512, '0.25×'],
    [2.345, '2.3×'],
    [24.4, '24×'],
    [null, '—'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('renders %p as %p', (value, text) => {
    expect(formatRatio(value)).toBe(text);
  });
});

describe('textTable', () => {
  it('pads text left and figures right under a rule', () => {
    const table = textTable(
      ['scenario', 'value'],
      [
        ['burst-1', '1,371 /s'],
        ['ingest', '736 /s'],
      ],
    );

    expect(table.split('\n')).toEqual([
      'scenario  value',
      '────────  ────────',
      'burst-1   1,371 /s',
      'ingest      736 /s',
    ]);
  });
});

describe('markdownTable', () => {
  it('writes a header, a separator and escaped cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '1']])).toBe(
      '| a | b |\n| --- | --- |\n| x\\|y | 1 |',
    );
  });
});

describe('fileStamp', () => {
  it('is a sortable name without colons or milliseconds', () => {
    expect(fileStamp(new Date('2026-12-01T09:30:00.123Z'))).toBe('2026-12-01T09-30-00Z');
  });
});
