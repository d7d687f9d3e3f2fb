const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict standard base64 (padded). Node's decoder silently skips invalid characters, which would
 * let a typo in a secret or key decode to different bytes instead of being rejected.
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Non-zero padding bits decode fine but would mean two spellings of the same key.
  return bytes.toString('base64') === text ? bytes : undefined;
}
