import { z } from 'zod';
import { type ConsumedRecord } from './consumed-record';
import { forwardedInvalidRecord } from './invalid-records';
import { RecordDecoder } from './record-decoder';

const schema = z.object({ id: z.string(), version: z.number().int() });

function record(value: string | null, headers: Record<string, string> = {}): ConsumedRecord {
  return {
    topic: 'hookstream.subscriptions',
    partition: 2,
    offset: '17',
    key: 'wh_1',
    value: value === null ? null : Buffer.from(value),
    headers,
    timestamp: 1_000,
  };
}

describe('RecordDecoder', () => {
  it('decodes a JSON value against the schema, keeping the position and the size', () => {
    const value = JSON.stringify({ id: 'wh_1', version: 3, extra: true });

    expect(RecordDecoder.json(schema).decode(record(value))).toEqual({
      ok: true,
      record: {
        topic: 'hookstream.subscriptions',
        partition: 2,
        offset: '17',
        key: 'wh_1',
        headers: {},
        timestamp: 1_000,
        value: { id: 'wh_1', version: 3 },
        size: Buffer.byteLength(value),
      },
    });
  });

  it('refuses a null value, unless it is a changelog where null is a tombstone', () => {
    expect(RecordDecoder.json(schema).decode(record(null))).toMatchObject({
      ok: false,
      reason: 'null_value',
    });
    expect(RecordDecoder.changelog(schema).decode(record(null))).toMatchObject({
      ok: true,
      record: { value: null, size: 0 },
    });
  });

  it('refuses values over the size limit without parsing them', () => {
    const decoder = RecordDecoder.json(schema, { maxValueBytes: 10 });

    expect(decoder.decode(record('{"id":"wh_1","version":1}'))).toMatchObject({
      ok: false,
      reason: 'too_large',
      detail: '25 bytes exceeds 10',
    });
    expect(decoder.maxValueBytes).toBe(10);
  });

  it('says why a value is not JSON or does not match the schema', () => {
    const decoder = RecordDecoder.json(schema);

    expect(decoder.decode(record('{'))).toMatchObject({ ok: false, reason: 'not_json' });
    expect(decoder.decode(record('{"id":1}'))).toMatchObject({
      ok: false,
      reason: 'schema',
      detail: expect.stringMatching(/^id: .*; version: /) as string,
    });
  });
});

describe('forwardedInvalidRecord', () => {
  const invalid = {
    record: record('x'.repeat(20), { traceparent: 't' }),
    reason: 'not_json' as const,
    detail: 'Unexpected token',
  };

  it('sends input records to the invalid topic with their headers, the reason and the origin', () => {
    expect(forwardedInvalidRecord('invalid-topic', invalid, 8)).toEqual({
      topic: 'hookstream.events.invalid',
      record: {
        key: 'wh_1',
        value: Buffer.from('x'.repeat(8)),
        headers: {
          traceparent: 't',
          'hookstream-invalid-reason': 'not_json',
          'hookstream-invalid-detail': 'Unexpected token',
          'hookstream-original-topic': 'hookstream.subscriptions',
          'hookstream-original-partition': '2',
          'hookstream-original-offset': '17',
        },
      },
    });
  });

  it('dead-letters jobs with the last error, and skips what is only logged', () => {
    const forwarded = forwardedInvalidRecord('dead-letter', invalid, undefined);

    expect(forwarded?.topic).toBe('hookstream.deliveries.dlq');
    expect(forwarded?.record.value).toEqual(Buffer.from('x'.repeat(20)));
    expect(forwarded?.record.headers).toMatchObject({
      'hookstream-last-error': 'invalid record (not_json): Unexpected token',
      'hookstream-original-offset': '17',
    });
    expect(forwarded?.record.headers).not.toHaveProperty('traceparent');
    expect(forwardedInvalidRecord('skip', invalid, undefined)).toBeUndefined();
  });

  it('keys a keyless record by its position', () => {
    const keyless = { ...invalid, record: { ...invalid.record, key: null } };

    expect(forwardedInvalidRecord('invalid-topic', keyless, undefined)?.record.key).toBe(
      'hookstream.subscriptions/2/17',
    );
  });
});
