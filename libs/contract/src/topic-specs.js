'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.coreTopicSpecs = coreTopicSpecs;
exports.retryTopicSpecs = retryTopicSpecs;
const topics_1 = require('./topics');
const WEEK_MS = 7 * 24 * 3_600_000;
function coreTopicSpecs(partitions) {
  return [
    { topic: topics_1.Topics.events, partitions },
    { topic: topics_1.Topics.invalidEvents, partitions },
    {
      topic: topics_1.Topics.subscriptions,
      partitions,
      config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0' },
    },
    { topic: topics_1.Topics.deliveries, partitions },
    {
      topic: topics_1.Topics.deadLetters,
      partitions,
      config: { 'retention.ms': String(4 * WEEK_MS) },
    },
    { topic: topics_1.Topics.attempts, partitions },
  ];
}
function retryTopicSpecs(scheduleMs, partitions) {
  return scheduleMs.map((delayMs, index) => ({
    topic: (0, topics_1.retryTopic)(index + 1),
    partitions,
    config: { 'retention.ms': String(delayMs + WEEK_MS) },
  }));
}
//# sourceMappingURL=topic-specs.js.map
