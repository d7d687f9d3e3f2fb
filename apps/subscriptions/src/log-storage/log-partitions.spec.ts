import {
  DAY_MS,
  dayOf,
  dayRange,
  daysToKeepReady,
  isExpired,
  parsePartitionName,
  partitionName,
} from './log-partitions';

describe('log partitions', () => {
  // A fixed instant keeps these tests off the calendar: only differences from it matter.
  const now = Date.parse('2031-03-01T10:20:30.000Z');

  it('names UTC days and their partitions, and reads the names back', () => {
    expect(dayOf(now)).toBe('20310301');
    expect(dayOf(Date.parse('2031-02-28T23:59:59.999Z'))).toBe('20310228');
    expect(partitionName('attempts', '20310301')).toBe('attempts_p20310301');
    expect(parsePartitionName('messages_p20310301')).toEqual({
      table: 'messages',
      day: '20310301',
    });
    for (const other of [
      'messages',
      'messages_p2031030',
      'webhooks_p20310301',
      'x_messages_p20310301',
    ]) {
      expect(parsePartitionName(other)).toBeUndefined();
    }
  });

  it('covers a day from its midnight to the next', () => {
    const { from, to } = dayRange('20310228');
    expect(from.toISOString()).toBe('2031-02-28T00:00:00.000Z');
    expect(to.getTime() - from.getTime()).toBe(DAY_MS);
    expect(dayOf(to)).toBe('20310301');
  });

  it('keeps yesterday, today and three days ahead ready', () => {
    expect(daysToKeepReady(now)).toEqual([
      '20310228',
      '20310301',
      '20310302',
      '20310303',
      '20310304',
    ]);
  });

  it('expires a day only once all of it is older than the retention', () => {
    const retention = 30 * DAY_MS;
    const dayOfCutoff = dayOf(now - retention);
    expect(isExpired(dayOfCutoff, now, retention)).toBe(false);
    expect(isExpired(dayOf(now - retention - DAY_MS), now, retention)).toBe(true);
    expect(isExpired(dayOf(now), now, DAY_MS)).toBe(false);
    // The day that ended exactly at the cutoff is expired.
    const midnight = dayRange(dayOf(now)).from.getTime();
    expect(isExpired(dayOf(midnight - 1), midnight + retention, retention)).toBe(true);
  });
});
