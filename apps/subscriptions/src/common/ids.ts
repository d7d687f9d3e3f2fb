import { randomBytes } from 'node:crypto';

/**
 * Time-sortable ids: `<prefix>_` + 26 Crockford base32 characters (ULID layout: 48 bits of
 * epoch milliseconds, then 80 random bits). Ids made later sort after earlier ones, so lists
 * ordered by id are ordered by creation time. Within one millisecond of one process the random
 * part is incremented instead of drawn again, so ids stay strictly increasing there too.
 *
 * Hand-written because the ulid/uuid packages are ESM-only and the jest setup here is CommonJS.
 */
export type IdPrefix = 'wh' | 'key';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_LENGTH = 26;
const TIME_BITS = 48n;
const RANDOM_BITS = 80n;
const MAX_TIME = (1n << TIME_BITS) - 1n;
const MAX_RANDOM = (1n << RANDOM_BITS) - 1n;
/** The first character carries only 3 bits (128 = 26 × 5 − 2), so it is 0–7. */
const BODY_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

let lastTime = -1n;
let lastRandom = 0n;

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = BigInt(Math.max(0, Math.floor(now)));
  if (time > MAX_TIME) throw new RangeError('time does not fit in 48 bits');
  let random: bigint;
  if (time <= lastTime) {
    // Same millisecond (or the clock stepped back): stay after the previous id.
    time = lastTime;
    random = lastRandom + 1n;
    if (random > MAX_RANDOM) {
      time += 1n;
      random = randomBits();
    }
  } else {
    random = randomBits();
  }
  lastTime = time;
  lastRandom = random;
  return `${prefix}_${encode((time << RANDOM_BITS) | random)}`;
}

/** True when `text` is an id with this prefix (a cheap check before touching the database). */
export function isId(prefix: IdPrefix, text: string): boolean {
  return text.startsWith(`${prefix}_`) && BODY_PATTERN.test(text.slice(prefix.length + 1));
}

/** The creation time (epoch ms) encoded in an id, or undefined when it is not one. */
export function idTimestamp(id: string): number | undefined {
  const separator = id.indexOf('_');
  const body = id.slice(separator + 1);
  if (separator < 1 || !BODY_PATTERN.test(body)) return undefined;
  return Number(decode(body) >> RANDOM_BITS);
}

function randomBits(): bigint {
  return BigInt(`0x${randomBytes(10).toString('hex')}`);
}

function encode(value: bigint): string {
  let text = '';
  for (let index = 0; index < BODY_LENGTH; index += 1) {
    text = ALPHABET[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

function decode(text: string): bigint {
  let value = 0n;
  for (const char of text) value = (value << 5n) | BigInt(ALPHABET.indexOf(char));
  return value;
}
