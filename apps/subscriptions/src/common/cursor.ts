import { z } from 'zod';

/**
 * Keyset-pagination cursors. A cursor is opaque to clients (base64url), but it is only the
 * sort key of the last row of a page, so a page never skips or repeats rows when others are
 * inserted meanwhile.
 */

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_CURSOR_LENGTH = 512;

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The decoded text, or undefined unless `cursor` is canonical base64url of UTF-8 text. */
function fromBase64Url(cursor: string): string | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Re-encoding must give the input back: rejects non-canonical padding bits and bad UTF-8.
  return toBase64Url(text) === cursor ? text : undefined;
}

/** Cursor of a list ordered by id: the last id. */
export function encodeIdCursor(id: string): string {
  return toBase64Url(id);
}

export function decodeIdCursor(
  cursor: string,
  isValidId: (id: string) => boolean,
): string | undefined {
  const id = fromBase64Url(cursor);
  return id !== undefined && isValidId(id) ? id : undefined;
}

export interface TimeIdKey {
  at: Date;
  id: string;
}

/** Cursor of a list ordered by (timestamp, id): `<epoch ms>.<id>`. */
export function encodeTimeIdCursor({ at, id }: TimeIdKey): string {
  return toBase64Url(`${at.getTime()}.${id}`);
}

export function decodeTimeIdCursor(
  cursor: string,
  isValidId: (id: string) => boolean,
): TimeIdKey | undefined {
  const text = fromBase64Url(cursor);
  const [, ms, id] = (text === undefined ? null : /^(\d{1,15})\.(.+)$/.exec(text)) ?? [];
  if (ms === undefined || id === undefined || !isValidId(id)) return undefined;
  const at = new Date(Number(ms));
  return Number.isNaN(at.getTime()) ? undefined : { at, id };
}

const INVALID_CURSOR = 'is not a cursor returned by this list';

/** Query-string field: a cursor of a list ordered by id, decoded to the id. */
export function idCursorParam(isValidId: (id: string) => boolean) {
  return z.string().transform((cursor, ctx) => {
    const id = decodeIdCursor(cursor, isValidId);
    if (id === undefined) {
      ctx.addIssue({ code: 'custom', message: INVALID_CURSOR });
      return z.NEVER;
    }
    return id;
  });
}

/** Query-string field: a cursor of a list ordered by (timestamp, id), decoded. */
export function timeIdCursorParam(isValidId: (id: string) => boolean) {
  return z.string().transform((cursor, ctx) => {
    const key = decodeTimeIdCursor(cursor, isValidId);
    if (key === undefined) {
      ctx.addIssue({ code: 'custom', message: INVALID_CURSOR });
      return z.NEVER;
    }
    return key;
  });
}
