'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.WebhookHeaders = exports.KafkaHeaders = void 0;
exports.KafkaHeaders = {
  dueAt: 'hookstream-due-at',
  invalidReason: 'hookstream-invalid-reason',
  invalidDetail: 'hookstream-invalid-detail',
  originalTopic: 'hookstream-original-topic',
  originalPartition: 'hookstream-original-partition',
  originalOffset: 'hookstream-original-offset',
  lastError: 'hookstream-last-error',
};
exports.WebhookHeaders = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
};
//# sourceMappingURL=headers.js.map
