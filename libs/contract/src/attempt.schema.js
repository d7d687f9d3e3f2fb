'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.attemptRecordSchema =
  exports.messageStatusSchema =
  exports.seriesEndSchema =
  exports.attemptOutcomeSchema =
    void 0;
const zod_1 = require('zod');
exports.attemptOutcomeSchema = zod_1.z.enum(['success', 'failure', 'timeout', 'error']);
exports.seriesEndSchema = zod_1.z.enum(['delivered', 'exhausted', 'gone', 'webhook_disabled']);
exports.messageStatusSchema = zod_1.z.enum(['pending', 'delivered', 'failed']);
exports.attemptRecordSchema = zod_1.z.object({
  messageId: zod_1.z.string(),
  webhookId: zod_1.z.string(),
  company: zod_1.z.string(),
  event: zod_1.z.string(),
  series: zod_1.z.number().int().nonnegative(),
  attempt: zod_1.z.number().int().positive(),
  at: zod_1.z.iso.datetime(),
  statusCode: zod_1.z.number().int().nullable(),
  durationMs: zod_1.z.number().nonnegative(),
  outcome: exports.attemptOutcomeSchema,
  error: zod_1.z.string().nullable(),
  responseBody: zod_1.z.string().nullable(),
  nextAttemptAt: zod_1.z.iso.datetime().nullable(),
  status: exports.messageStatusSchema,
  endReason: exports.seriesEndSchema.nullable(),
  seriesStartedAt: zod_1.z.iso.datetime(),
});
//# sourceMappingURL=attempt.schema.js.map
