import { type ConsumedRecord } from '@app/kafka';
import { eventDecoder, routableEvent } from './event-records';

const RECORD_TIMESTAMP = Date.parse('2026-11-21T09:30:00.000Z');

function record(value: Buffer | string | null): ConsumedRecord {
  return {
    topic: 'hookstream.events',
    partition: 0,
    offset: '42',
    key: 'acme',
    value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
    headers: {},
    timestamp: RECORD_TIMESTAMP,
  };
}

const validEvent = {
  id: 'evt_123',
  event: 'user.create',
  company: 'acme',
  data: { id: 'usr_1' },
};

function invalid(value: Buffer | string | null) {
  const decoded = eventDecoder.decode(record(value));
  if (decoded.ok) throw new Error('expected an invalid event');
  return decoded;
}

function routable(value: string) {
  const decoded = eventDecoder.decode(record(value));
  if (!decoded.ok) throw new Error(`expected a valid event: ${decoded.detail}`);
  return routableEvent(decoded.record);
}

describe('events as fan-out decodes them', () => {
  it('rejects a record without value', () => {
    expect(invalid(null)).toMatchObject({
      ok: false,
      reason: 'null_value',
      detail: 'the record has no value',
    });
  });

  it('rejects a record over 256 KiB', () => {
    const value = JSON.stringify({ ...validEvent, data: { blob: 'x'.repeat(256 * 1024) } });

    const parsed = invalid(value);

    expect(parsed.reason).toBe('too_large');
    expect(parsed.detail).toBe(`${Buffer.byteLength(value)} bytes exceeds 262144`);
  });

  it('measures the size in bytes, not characters', () => {
    const padding = 'é'.repeat(140 * 1024);
    const value = JSON.stringify({ ...validEvent, data: { padding } });
    expect(value.length).toBeLessThan(256 * 1024);

    expect(invalid(value).reason).toBe('too_large');
  });

  it('accepts a record of exactly 256 KiB', () => {
    const base = JSON.stringify({ ...validEvent, data: { blob: '' } });
    const value = JSON.stringify({
      ...validEvent,
      data: { blob: 'x'.repeat(256 * 1024 - Buffer.byteLength(base)) },
    });
    expect(Buffer.byteLength(value)).toBe(256 * 1024);

    expect(eventDecoder.decode(record(value)).ok).toBe(true);
  });

  it.each(['not json', '{"id": "evt_1",', ''])('rejects %j as not JSON', (value) => {
    const parsed = invalid(value);

    expect(parsed.reason).toBe('not_json');
    expect(parsed.detail).not.toBe('');
  });

  it.each([
    ['id', { ...validEvent, id: undefined }],
    ['event', { ...validEvent, event: 'User.create' }],
    ['event', { ...validEvent, event: 'user' }],
    ['company', { ...validEvent, company: '' }],
    ['data', { ...validEvent, data: [] }],
    ['data', { ...validEvent, data: null }],
    ['environment', { ...validEvent, environment: 'prod' }],
    ['occurredAt', { ...validEvent, occurredAt: 'yesterday' }],
  ])('rejects a schema failure and names the field %s', (field, event) => {
    const parsed = invalid(JSON.stringify(event));

    expect(parsed.reason).toBe('schema');
    expect(parsed.detail).toMatch(new RegExp(`^${field}: `));
  });

  it('lists every failing field', () => {
    const parsed = invalid(JSON.stringify({ event: 'user', data: 'x' }));

    expect(parsed.reason).toBe('schema');
    const fields = parsed.detail.split('; ').map((problem) => problem.split(':')[0]);
    expect(fields.sort()).toEqual(['company', 'data', 'event', 'id']);
  });

  it.each(['null', '[]', '42', '"text"'])(
    'names the value when the JSON %s is no object',
    (value) => {
      const parsed = invalid(value);

      expect(parsed.reason).toBe('schema');
      expect(parsed.detail).toMatch(/^value: /);
    },
  );

  it('keeps the record position, key, headers and size with the decoded value', () => {
    const value = JSON.stringify(validEvent);
    const decoded = eventDecoder.decode({ ...record(value), headers: { trace: 'x' } });

    expect(decoded).toMatchObject({
      ok: true,
      record: {
        topic: 'hookstream.events',
        partition: 0,
        offset: '42',
        key: 'acme',
        headers: { trace: 'x' },
        size: Buffer.byteLength(value),
      },
    });
  });

  it('accepts a valid event, defaulting occurredAt to the record timestamp and environment to live', () => {
    expect(routable(JSON.stringify(validEvent))).toEqual({
      ...validEvent,
      environment: 'live',
      occurredAt: '2026-11-21T09:30:00.000Z',
    });
  });

  it('keeps the given fields and normalises occurredAt to UTC ISO', () => {
    const event = {
      ...validEvent,
      environment: 'sandbox',
      userId: 'usr_9',
      occurredAt: '2026-11-21T12:00:00+02:00',
    };

    expect(routable(JSON.stringify(event))).toEqual({
      ...event,
      occurredAt: '2026-11-21T10:00:00.000Z',
    });
  });

  it('drops fields the schema does not know', () => {
    expect('extra' in routable(JSON.stringify({ ...validEvent, extra: 'field' }))).toBe(false);
  });
});
