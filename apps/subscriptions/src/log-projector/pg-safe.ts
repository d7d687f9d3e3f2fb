/**
 * PostgreSQL text and jsonb cannot hold U+0000, and jsonb rejects lone UTF-16 surrogates (which
 * JSON.stringify writes as \udXXX escapes). Both can arrive in event data or response bodies;
 * replacing them with U+FFFD keeps one odd record from blocking the whole log.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [storableText(key), storableJson(item)]),
    );
  }
  return value;
}
