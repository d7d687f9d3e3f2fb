'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.SecretCipher =
  exports.signWebhook =
  exports.WEBHOOK_SECRET_PREFIX =
  exports.parseSecret =
  exports.isValidSecret =
  exports.generateSecret =
    void 0;
var webhook_secret_1 = require('./webhook-secret');
Object.defineProperty(exports, 'generateSecret', {
  enumerable: true,
  get: function () {
    return webhook_secret_1.generateSecret;
  },
});
Object.defineProperty(exports, 'isValidSecret', {
  enumerable: true,
  get: function () {
    return webhook_secret_1.isValidSecret;
  },
});
Object.defineProperty(exports, 'parseSecret', {
  enumerable: true,
  get: function () {
    return webhook_secret_1.parseSecret;
  },
});
Object.defineProperty(exports, 'WEBHOOK_SECRET_PREFIX', {
  enumerable: true,
  get: function () {
    return webhook_secret_1.WEBHOOK_SECRET_PREFIX;
  },
});
var sign_webhook_1 = require('./sign-webhook');
Object.defineProperty(exports, 'signWebhook', {
  enumerable: true,
  get: function () {
    return sign_webhook_1.signWebhook;
  },
});
var secret_cipher_1 = require('./secret-cipher');
Object.defineProperty(exports, 'SecretCipher', {
  enumerable: true,
  get: function () {
    return secret_cipher_1.SecretCipher;
  },
});
//# sourceMappingURL=index.js.map
