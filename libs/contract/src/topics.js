'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.Topics = void 0;
exports.retryTopic = retryTopic;
exports.retryTierOf = retryTierOf;
exports.Topics = {
  events: 'hookstream.events',
  invalidEvents: 'hookstream.events.invalid',
  subscriptions: 'hookstream.subscriptions',
  deliveries: 'hookstream.deliveries',
  deadLetters: 'hookstream.deliveries.dlq',
  attempts: 'hookstream.attempts',
};
const RETRY_TOPIC_PREFIX = `${exports.Topics.deliveries}.retry.`;
function retryTopic(tier) {
  return `${RETRY_TOPIC_PREFIX}${tier}`;
}
function retryTierOf(topic) {
  if (!topic.startsWith(RETRY_TOPIC_PREFIX)) return undefined;
  const tier = Number(topic.slice(RETRY_TOPIC_PREFIX.length));
  return Number.isInteger(tier) && tier > 0 ? tier : undefined;
}
//# sourceMappingURL=topics.js.map
