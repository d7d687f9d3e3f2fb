'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.webhookStateSchema = void 0;
const zod_1 = require('zod');
exports.webhookStateSchema = zod_1.z.object({
  id: zod_1.z.string(),
  company: zod_1.z.string(),
  url: zod_1.z.string(),
  events: zod_1.z.array(zod_1.z.string()),
  enabled: zod_1.z.boolean(),
  secrets: zod_1.z.array(
    zod_1.z.object({ ciphertext: zod_1.z.string(), expiresAt: zod_1.z.iso.datetime().nullable() }),
  ),
  version: zod_1.z.number().int().nonnegative(),
  updatedAt: zod_1.z.iso.datetime(),
});
//# sourceMappingURL=subscription.schema.js.map
