'use strict';
var __decorate =
  (this && this.__decorate) ||
  function (decorators, target, key, desc) {
    var c = arguments.length,
      r =
        c < 3
          ? target
          : desc === null
            ? (desc = Object.getOwnPropertyDescriptor(target, key))
            : desc,
      d;
    if (typeof Reflect === 'object' && typeof Reflect.decorate === 'function')
      r = Reflect.decorate(decorators, target, key, desc);
    else
      for (var i = decorators.length - 1; i >= 0; i--)
        if ((d = decorators[i]))
          r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return (c > 3 && r && Object.defineProperty(target, key, r), r);
  };
var __metadata =
  (this && this.__metadata) ||
  function (k, v) {
    if (typeof Reflect === 'object' && typeof Reflect.metadata === 'function')
      return Reflect.metadata(k, v);
  };
var __param =
  (this && this.__param) ||
  function (paramIndex, decorator) {
    return function (target, key) {
      decorator(target, key, paramIndex);
    };
  };
Object.defineProperty(exports, '__esModule', { value: true });
exports.KafkaProducer = void 0;
const common_1 = require('@nestjs/common');
const kafkajs_1 = require('kafkajs');
const kafka_tokens_1 = require('./kafka.tokens');
let KafkaProducer = class KafkaProducer {
  producer;
  connected = false;
  constructor(kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
    });
  }
  async onModuleInit() {
    await this.producer.connect();
    this.connected = true;
  }
  async onApplicationShutdown() {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }
  get isConnected() {
    return this.connected;
  }
  async send(topic, records) {
    await this.sendToTopics(records.map((record) => ({ topic, record })));
  }
  async sendToTopics(entries) {
    if (entries.length === 0) return;
    const byTopic = new Map();
    for (const { topic, record } of entries) {
      const list = byTopic.get(topic) ?? [];
      list.push(record);
      byTopic.set(topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: kafkajs_1.CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((record) => ({
          key: record.key,
          value: serialize(record.value),
          headers: record.headers,
        })),
      })),
    });
  }
};
exports.KafkaProducer = KafkaProducer;
exports.KafkaProducer = KafkaProducer = __decorate(
  [
    (0, common_1.Injectable)(),
    __param(0, (0, common_1.Inject)(kafka_tokens_1.KAFKA_CLIENT)),
    __metadata('design:paramtypes', [Function]),
  ],
  KafkaProducer,
);
function serialize(value) {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(JSON.stringify(value));
}
//# sourceMappingURL=kafka-producer.service.js.map
