import { monotonicFactory } from 'ulid';

/**
 * Time-sortable ids: `<prefix>_` + a ULID (48 bits of epoch milliseconds, then 80 random
 * bits, 26 Crockford base32 characters). Ids made later sort after earlier ones, so lists
 * ordered by id are ordered by creation time. The monotonic factory increments the random part
 * within one millisecond (and when the clock steps back), so one process's ids strictly increase.
 */
export type IdPrefix = 'wh' | 'key' | 'pl' | 'ps' | 'evt_test';

const nextUlid = monotonicFactory();

/** The first character carries only 3 bits (128 = 26 × 5 − 2), so it is 0–7. */
const BODY_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid()}`;
}

/** True when `text` is an id with this prefix (a cheap check before touching the database). */
export function isId(prefix: IdPrefix, text: string): boolean {
  return text.startsWith(`${prefix}_`) && BODY_PATTERN.test(text.slice(prefix.length + 1));
}
