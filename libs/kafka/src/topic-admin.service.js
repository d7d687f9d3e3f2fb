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
var TopicAdmin_1;
Object.defineProperty(exports, '__esModule', { value: true });
exports.TopicAdmin = void 0;
const common_1 = require('@nestjs/common');
const kafka_tokens_1 = require('./kafka.tokens');
let TopicAdmin = (TopicAdmin_1 = class TopicAdmin {
  kafka;
  logger = new common_1.Logger(TopicAdmin_1.name);
  adminClient;
  constructor(kafka) {
    this.kafka = kafka;
  }
  async admin() {
    if (!this.adminClient) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.adminClient = admin;
    }
    return this.adminClient;
  }
  async ensureTopics(specs) {
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    const topics = missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.partitions,
      replicationFactor: -1,
      configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
    }));
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
    } catch (error) {
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
    this.logger.log(`created topics: ${missing.map((spec) => spec.topic).join(', ')}`);
  }
  async listTopics() {
    return (await this.admin()).listTopics();
  }
  async latestOffsets(topic) {
    const admin = await this.admin();
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
  }
  async groupLag(groupId, topic) {
    const admin = await this.admin();
    const [latest, committed] = await Promise.all([
      this.latestOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    let lag = 0n;
    for (const { partition, offset } of committed[0]?.partitions ?? []) {
      const high = latest.get(partition) ?? 0n;
      const position = BigInt(offset) < 0n ? 0n : BigInt(offset);
      if (high > position) lag += high - position;
    }
    return Number(lag);
  }
  async onApplicationShutdown() {
    await this.adminClient?.disconnect();
    this.adminClient = undefined;
  }
});
exports.TopicAdmin = TopicAdmin;
exports.TopicAdmin =
  TopicAdmin =
  TopicAdmin_1 =
    __decorate(
      [
        (0, common_1.Injectable)(),
        __param(0, (0, common_1.Inject)(kafka_tokens_1.KAFKA_CLIENT)),
        __metadata('design:paramtypes', [Function]),
      ],
      TopicAdmin,
    );
//# sourceMappingURL=topic-admin.service.js.map
