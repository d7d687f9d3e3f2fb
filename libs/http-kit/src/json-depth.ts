/**
 * How deeply a raw JSON text nests arrays and objects, scanning bytes (UTF-8: multi-byte
 * sequences never contain ASCII brackets or quotes). Stops as soon as `limit` is exceeded.
 *
 * JSON.parse copes with any depth, but JSON.stringify, zod and PostgreSQL's jsonb recurse and
 * fail (a RangeError, a 500) on a body nested tens of thousands of levels deep, so the edge
 * refuses such bodies before they are parsed.
 */
export function jsonDepthExceeds(text: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const byte = text[index];
    if (inString) {
      if (byte === 0x5c)
        index += 1; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth -= 1;
  }
  return false;
}
