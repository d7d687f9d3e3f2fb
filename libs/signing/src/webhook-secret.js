'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.WEBHOOK_SECRET_PREFIX = void 0;
exports.generateSecret = generateSecret;
exports.parseSecret = parseSecret;
exports.isValidSecret = isValidSecret;
const node_crypto_1 = require('node:crypto');
const base64_1 = require('./base64');
exports.WEBHOOK_SECRET_PREFIX = 'whsec_';
const GENERATED_SECRET_BYTES = 32;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
function generateSecret() {
  return (
    exports.WEBHOOK_SECRET_PREFIX +
    (0, node_crypto_1.randomBytes)(GENERATED_SECRET_BYTES).toString('base64')
  );
}
function parseSecret(secret) {
  if (!secret.startsWith(exports.WEBHOOK_SECRET_PREFIX)) return undefined;
  const key = (0, base64_1.decodeStrictBase64)(secret.slice(exports.WEBHOOK_SECRET_PREFIX.length));
  if (!key || key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) return undefined;
  return key;
}
function isValidSecret(secret) {
  return parseSecret(secret) !== undefined;
}
//# sourceMappingURL=webhook-secret.js.map
