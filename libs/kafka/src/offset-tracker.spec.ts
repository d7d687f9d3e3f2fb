import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  it('has nothing to commit before any record started', () => {
    const tracker = new OffsetTracker();

    expect(tracker.committable()).toBeUndefined();
    expect(tracker.inFlight).toBe(0);
  });

  it('commits up to the lowest unfinished offset', () => {
    const tracker = new OffsetTracker();
    tracker.begin('10');
    tracker.begin('11');
    tracker.begin('12');

    expect(tracker.committable()).toBe('10');
    expect(tracker.inFlight).toBe(3);
  });

  it('commits the highest started offset + 1 when everything finished', () => {
    const tracker = new OffsetTracker();
    tracker.begin('10');
    tracker.begin('11');
    tracker.finish('10');
    tracker.finish('11');

    expect(tracker.committable()).toBe('12');
    expect(tracker.inFlight).toBe(0);
  });

  it('never passes an unfinished record when later ones finish first', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['5', '6', '7', '8']) tracker.begin(offset);

    tracker.finish('8');
    tracker.finish('6');
    expect(tracker.committable()).toBe('5');

    tracker.finish('5');
    expect(tracker.committable()).toBe('7');

    tracker.finish('7');
    expect(tracker.committable()).toBe('9');
  });

  it('compares offsets numerically, not as strings', () => {
    const tracker = new OffsetTracker();
    tracker.begin('9');
    tracker.begin('10');
    tracker.finish('10');

    expect(tracker.committable()).toBe('9');

    tracker.finish('9');
    expect(tracker.committable()).toBe('11');
  });

  it('has nothing new to commit right after markCommitted', () => {
    const tracker = new OffsetTracker();
    tracker.begin('0');
    tracker.begin('1');
    tracker.finish('0');
    expect(tracker.committable()).toBe('1');

    tracker.markCommitted('1');
    expect(tracker.committable()).toBeUndefined();

    tracker.finish('1');
    expect(tracker.committable()).toBe('2');

    tracker.markCommitted('2');
    expect(tracker.committable()).toBeUndefined();
  });

  it('does not go back when an older offset is marked committed later', () => {
    const tracker = new OffsetTracker();
    tracker.begin('3');
    tracker.finish('3');
    tracker.markCommitted('4');
    tracker.markCommitted('2');

    expect(tracker.committable()).toBeUndefined();

    tracker.begin('4');
    tracker.finish('4');
    expect(tracker.committable()).toBe('5');
  });

  it('handles offsets beyond 2^53 exactly', () => {
    const base = 2n ** 53n;
    const tracker = new OffsetTracker();
    tracker.begin(base.toString());
    tracker.begin((base + 1n).toString());
    tracker.begin((base + 2n).toString());

    tracker.finish(base.toString());
    tracker.finish((base + 2n).toString());
    expect(tracker.committable()).toBe('9007199254740993');

    tracker.finish((base + 1n).toString());
    expect(tracker.committable()).toBe('9007199254740995');
  });

  it('handles offsets near the int64 maximum', () => {
    const tracker = new OffsetTracker();
    tracker.begin('9223372036854775805');
    tracker.begin('9223372036854775806');
    tracker.finish('9223372036854775806');

    expect(tracker.committable()).toBe('9223372036854775805');

    tracker.finish('9223372036854775805');
    expect(tracker.committable()).toBe('9223372036854775807');
  });

  it('knows which offsets it took in, and forgets a rolled-back run so it is taken again', () => {
    const tracker = new OffsetTracker();
    expect(tracker.seen('5')).toBe(false);
    for (const offset of ['5', '6', '7', '8']) tracker.begin(offset);
    tracker.finish('5');
    tracker.finish('6');

    expect(tracker.seen('4')).toBe(true);
    expect(tracker.seen('8')).toBe(true);
    expect(tracker.seen('9')).toBe(false);
    expect(tracker.first).toBe('5');

    tracker.rollbackFrom('7');
    expect(tracker.seen('7')).toBe(false);
    expect(tracker.inFlight).toBe(0);
    expect(tracker.committable()).toBe('7');
  });
});
