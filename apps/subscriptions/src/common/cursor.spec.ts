import { z } from 'zod';
import {
  decodeIdCursor,
  decodeTimeIdCursor,
  encodeIdCursor,
  encodeTimeIdCursor,
  idCursorParam,
  timeIdCursorParam,
} from './cursor';

const isWebhookId = (id: string) => /^wh_[0-9A-Z]{26}$/.test(id);
const isMessageId = (id: string) => /^msg_[0-9a-f]+$/.test(id);

describe('id cursors', () => {
  it('round-trips and is opaque base64url', () => {
    const cursor = encodeIdCursor('wh_01M80347XDKZN0G3MSFT167WR6');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeIdCursor(cursor, isWebhookId)).toBe('wh_01M80347XDKZN0G3MSFT167WR6');
  });

  it('rejects garbage, other ids, padding and non-canonical encodings', () => {
    expect(decodeIdCursor('garbage!', isWebhookId)).toBeUndefined();
    expect(
      decodeIdCursor(encodeIdCursor('key_01M80347XDKZN0G3MSFT167WR6'), isWebhookId),
    ).toBeUndefined();
    expect(
      decodeIdCursor(`${encodeIdCursor('wh_01M80347XDKZN0G3MSFT167WR6')}=`, isWebhookId),
    ).toBeUndefined();
    // "YQ" and "YR" both decode to "a"; only the canonical one is accepted.
    expect(decodeIdCursor('YR', (id) => id === 'a')).toBeUndefined();
    expect(decodeIdCursor('YQ', (id) => id === 'a')).toBe('a');
    expect(decodeIdCursor('', isWebhookId)).toBeUndefined();
    expect(decodeIdCursor('A'.repeat(600), () => true)).toBeUndefined();
  });

  it('is a query parameter that answers a validation issue', () => {
    const schema = z.object({ cursor: idCursorParam(isWebhookId).optional() });
    expect(schema.parse({ cursor: encodeIdCursor('wh_01M80347XDKZN0G3MSFT167WR6') }).cursor).toBe(
      'wh_01M80347XDKZN0G3MSFT167WR6',
    );
    const result = schema.safeParse({ cursor: 'nope' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['cursor']);
  });
});

describe('time+id cursors', () => {
  it('round-trips with millisecond precision', () => {
    const key = { at: new Date('2026-11-21T10:00:00.123Z'), id: 'msg_0123abcd' };
    const decoded = decodeTimeIdCursor(encodeTimeIdCursor(key), isMessageId);
    expect(decoded).toEqual(key);
  });

  it('rejects tampered cursors', () => {
    const bad = (text: string) => Buffer.from(text).toString('base64url');
    expect(decodeTimeIdCursor(bad('x.msg_00'), isMessageId)).toBeUndefined();
    expect(decodeTimeIdCursor(bad('123.wh_00'), isMessageId)).toBeUndefined();
    expect(decodeTimeIdCursor(bad('9999999999999999.msg_00'), isMessageId)).toBeUndefined();
    expect(decodeTimeIdCursor(bad('123'), isMessageId)).toBeUndefined();
    expect(decodeTimeIdCursor('%%%', isMessageId)).toBeUndefined();
  });

  it('is a query parameter', () => {
    const schema = z.object({ cursor: timeIdCursorParam(isMessageId) });
    const cursor = encodeTimeIdCursor({ at: new Date(5), id: 'msg_ff' });
    expect(schema.parse({ cursor }).cursor).toEqual({ at: new Date(5), id: 'msg_ff' });
    expect(schema.safeParse({ cursor: 'bad' }).success).toBe(false);
  });
});
