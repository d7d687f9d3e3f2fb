'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decodeStrictBase64 = decodeStrictBase64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function decodeStrictBase64(text) {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
//# sourceMappingURL=base64.js.map
