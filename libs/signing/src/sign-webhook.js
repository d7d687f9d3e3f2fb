'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.signWebhook = signWebhook;
const node_crypto_1 = require('node:crypto');
const webhook_secret_1 = require('./webhook-secret');
function signWebhook({ id, timestamp, body, secrets }) {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new Error(`webhook timestamp must be whole unix seconds, got ${timestamp}`);
  }
  if (secrets.length === 0) throw new Error('cannot sign a webhook without a secret');
  const signedContent = `${id}.${timestamp}.${body}`;
  return secrets
    .map((secret, index) => {
      const key = (0, webhook_secret_1.parseSecret)(secret);
      if (!key) throw new Error(`webhook secret #${index} is not a valid whsec_ secret`);
      return (
        'v1,' +
        (0, node_crypto_1.createHmac)('sha256', key).update(signedContent, 'utf8').digest('base64')
      );
    })
    .join(' ');
}
//# sourceMappingURL=sign-webhook.js.map
