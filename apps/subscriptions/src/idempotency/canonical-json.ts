import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted (recursively) and no whitespace: two bodies that mean the same
 * (`{"a":1,"b":2}` and `{ "b": 2, "a": 1 }`) give the same text. Written out as text rather
 * than rebuilt as sorted objects, so keys such as `__proto__` stay plain keys. Depth is bounded
 * by the HTTP edge (maxJsonDepth), so recursion is safe.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined (no body) has no JSON form; it stays distinct from every body.
    return value === undefined ? '' : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map(
      (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
    );
  return `{${entries.join(',')}}`;
}

/** SHA-256 (hex) of a request body's canonical JSON: what a repeated request is compared by. */
export function requestBodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}
