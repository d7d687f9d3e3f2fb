'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.messageIdFor = messageIdFor;
const node_crypto_1 = require('node:crypto');
function messageIdFor(company, eventId, webhookId) {
  const digest = (0, node_crypto_1.createHash)('sha256')
    .update(`${company}\0${eventId}\0${webhookId}`)
    .digest();
  return `msg_${digest.subarray(0, 16).toString('hex')}`;
}
//# sourceMappingURL=message-id.js.map
