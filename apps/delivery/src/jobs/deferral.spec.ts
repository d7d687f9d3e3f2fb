import { type ConsumedRecord } from '@app/kafka';
import { deferredJob, lastFailingDeferralTier } from './deferral';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const delays = [1_000, 60_000, 3_600_000];

function job(headers: Record<string, string> = {}): ConsumedRecord {
  return {
    topic: 'hookstream.deliveries',
    partition: 1,
    offset: '9',
    key: 'wh_1',
    value: Buffer.from('{"messageId":"msg_1","attempt":1}'),
    headers,
    timestamp: NOW,
  };
}

describe('deferredJob', () => {
  it('sends a first deferral to tier 1, due after its delay, the job and its headers untouched', () => {
    expect(deferredJob(job({ 'hookstream-series-started-at': 'x' }), delays, NOW)).toEqual({
      topic: 'hookstream.deliveries.retry.1',
      record: {
        key: 'wh_1',
        value: Buffer.from('{"messageId":"msg_1","attempt":1}'),
        headers: {
          'hookstream-series-started-at': 'x',
          'hookstream-due-at': String(NOW + 1_000),
          'hookstream-deferrals': '1',
        },
      },
    });
  });

  it('sends every further deferral to tier 2, however many there were', () => {
    const second = deferredJob(job({ 'hookstream-deferrals': '1' }), delays, NOW);
    expect(second?.topic).toBe('hookstream.deliveries.retry.2');
    expect(second?.record.headers?.['hookstream-due-at']).toBe(String(NOW + 60_000));

    const late = deferredJob(job({ 'hookstream-deferrals': '7' }), delays, NOW);
    expect(late?.topic).toBe('hookstream.deliveries.retry.2');
    expect(late?.record.headers?.['hookstream-due-at']).toBe(String(NOW + 60_000));
    expect(late?.record.headers?.['hookstream-deferrals']).toBe('8');
  });

  it('takes a failing webhook’s backlog on to the first tier due at least 30 s later', () => {
    const short = [1_000, 5_000, 30_000, 300_000, 1_800_000];
    expect(lastFailingDeferralTier(short)).toBe(3);
    const topics = (failing: boolean) =>
      [0, 1, 2, 3, 9].map(
        (before) =>
          deferredJob(
            job(before ? { 'hookstream-deferrals': String(before) } : {}),
            short,
            NOW,
            failing,
          )?.topic,
      );
    expect(topics(true)).toEqual([
      'hookstream.deliveries.retry.1',
      'hookstream.deliveries.retry.2',
      'hookstream.deliveries.retry.3',
      'hookstream.deliveries.retry.3',
      'hookstream.deliveries.retry.3',
    ]);
    // A webhook that is only slow may be judged so by mistake: it stops at tier 2.
    expect(topics(false).at(-1)).toBe('hookstream.deliveries.retry.2');
  });

  it('keeps a failing webhook’s backlog on tiers 1 and 2 with the default schedule', () => {
    expect(lastFailingDeferralTier([5_000, 300_000, 1_800_000])).toBe(2);
    expect(lastFailingDeferralTier([1_000, 5_000])).toBe(2);
    expect(lastFailingDeferralTier([1_000])).toBe(1);
  });

  it('stays on tier 1 when it is the only one', () => {
    const again = deferredJob(job({ 'hookstream-deferrals': '3' }), [1_000], NOW);
    expect(again?.topic).toBe('hookstream.deliveries.retry.1');
  });

  it('cannot defer without retry tiers', () => {
    expect(deferredJob(job(), [], NOW)).toBeUndefined();
  });
});
