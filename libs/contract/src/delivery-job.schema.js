'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.deliveryJobSchema = void 0;
exports.toWebhookPayload = toWebhookPayload;
const zod_1 = require('zod');
const input_event_schema_1 = require('./input-event.schema');
exports.deliveryJobSchema = zod_1.z.object({
  messageId: zod_1.z.string(),
  webhookId: zod_1.z.string(),
  webhookVersion: zod_1.z.number().int().nonnegative(),
  company: zod_1.z.string(),
  eventId: zod_1.z.string(),
  event: zod_1.z.string(),
  environment: input_event_schema_1.environmentSchema,
  userId: zod_1.z.string().optional(),
  data: zod_1.z.record(zod_1.z.string(), zod_1.z.unknown()),
  occurredAt: zod_1.z.iso.datetime(),
  attempt: zod_1.z.number().int().positive(),
  series: zod_1.z.number().int().nonnegative(),
  redelivery: zod_1.z.boolean(),
});
function toWebhookPayload(job) {
  return {
    id: job.messageId,
    event: job.event,
    company: job.company,
    data: job.data,
    eventId: job.eventId,
    webhookId: job.webhookId,
    environment: job.environment,
    userId: job.userId,
    timestamp: job.occurredAt,
    redelivery: job.redelivery,
  };
}
//# sourceMappingURL=delivery-job.schema.js.map
