'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.createKafkaClient = createKafkaClient;
const common_1 = require('@nestjs/common');
const kafkajs_1 = require('kafkajs');
const kafkaLogger = new common_1.Logger('kafkajs');
function logCreator() {
  return ({ level, log }) => {
    const { message, ...extra } = log;
    const text = `${message} ${JSON.stringify(extra)}`;
    if (level === kafkajs_1.logLevel.ERROR) kafkaLogger.error(text);
    else if (level === kafkajs_1.logLevel.WARN) kafkaLogger.warn(text);
  };
}
function createKafkaClient({ brokers, clientId }) {
  return new kafkajs_1.Kafka({
    clientId,
    brokers,
    logLevel: kafkajs_1.logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
//# sourceMappingURL=kafka-client.js.map
