import { type ConsumedRecord } from '@app/kafka';
import { deferredJob } from './deferral';

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

  it('stays on tier 1 when it is the only one', () => {
    const again = deferredJob(job({ 'hookstream-deferrals': '3' }), [1_000], NOW);
    expect(again?.topic).toBe('hookstream.deliveries.retry.1');
  });

  it('cannot defer without retry tiers', () => {
    expect(deferredJob(job(), [], NOW)).toBeUndefined();
  });
});
