'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.publishEventBodySchema =
  exports.inputEventSchema =
  exports.environmentSchema =
  exports.MAX_EVENT_BYTES =
    void 0;
const zod_1 = require('zod');
const event_filter_1 = require('./event-filter');
exports.MAX_EVENT_BYTES = 256 * 1024;
exports.environmentSchema = zod_1.z.enum(['live', 'sandbox']);
const eventFields = {
  id: zod_1.z.string().min(1).max(255),
  event: zod_1.z
    .string()
    .max(255)
    .regex(
      event_filter_1.EVENT_TYPE_PATTERN,
      'must look like "resource.action" (lowercase, dot-separated)',
    ),
  data: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()),
  environment: exports.environmentSchema.default('live'),
  userId: zod_1.z.string().min(1).max(255).optional(),
  occurredAt: zod_1.z.iso.datetime({ offset: true }).optional(),
};
exports.inputEventSchema = zod_1.z.object({
  ...eventFields,
  company: zod_1.z.string().min(1).max(64),
});
exports.publishEventBodySchema = zod_1.z.strictObject(eventFields);
//# sourceMappingURL=input-event.schema.js.map
