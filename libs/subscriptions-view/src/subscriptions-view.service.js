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
var SubscriptionsView_1;
Object.defineProperty(exports, '__esModule', { value: true });
exports.SubscriptionsView = void 0;
const common_1 = require('@nestjs/common');
const contract_1 = require('../../contract/src');
const kafka_1 = require('../../kafka/src');
const node_crypto_1 = require('node:crypto');
const node_os_1 = require('node:os');
const webhook_index_1 = require('./webhook-index');
const CATCH_UP_TIMEOUT_MS = 10_000;
let SubscriptionsView = (SubscriptionsView_1 = class SubscriptionsView {
  kafka;
  topicAdmin;
  logger = new common_1.Logger(SubscriptionsView_1.name);
  index = new webhook_index_1.WebhookIndex();
  positions = new Map();
  waiters = [];
  consumer;
  initialised = false;
  constructor(kafka, topicAdmin) {
    this.kafka = kafka;
    this.topicAdmin = topicAdmin;
  }
  async onApplicationBootstrap() {
    const consumer = this.kafka.consumer({
      groupId: `hookstream-view-${(0, node_os_1.hostname)()}-${process.pid}-${(0, node_crypto_1.randomUUID)().slice(0, 8)}`,
      maxWaitTimeInMs: 50,
      sessionTimeout: 30_000,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [contract_1.Topics.subscriptions], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async (payload) => this.applyBatch(payload),
    });
    await this.catchUp(60_000);
    this.initialised = true;
    this.logger.log(`view caught up: ${this.index.size} webhooks`);
  }
  async onApplicationShutdown() {
    await this.consumer?.disconnect();
  }
  get isReady() {
    return this.initialised;
  }
  get(webhookId) {
    return this.index.get(webhookId);
  }
  ofCompany(company) {
    return this.index.ofCompany(company);
  }
  async catchUp(timeoutMs = CATCH_UP_TIMEOUT_MS) {
    const targets = await this.topicAdmin.latestOffsets(contract_1.Topics.subscriptions);
    if (this.reached(targets)) return;
    await new Promise((resolve, reject) => {
      const waiter = {
        targets,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`subscriptions view did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
  async atLeastVersion(webhookId, version) {
    const current = this.index.get(webhookId);
    if (current && current.version >= version) return current;
    await this.catchUp();
    return this.index.get(webhookId);
  }
  async applyBatch({ batch, heartbeat }) {
    for (const message of batch.messages) {
      const webhookId = message.key?.toString();
      if (!webhookId) continue;
      if (message.value === null) {
        this.index.apply(webhookId, null);
        continue;
      }
      const parsed = contract_1.webhookStateSchema.safeParse(parseJson(message.value));
      if (parsed.success) this.index.apply(webhookId, parsed.data);
      else
        this.logger.error(
          `ignoring malformed changelog record for ${webhookId}: ${parsed.error.message}`,
        );
    }
    this.positions.set(batch.partition, BigInt(batch.lastOffset()) + 1n);
    this.releaseWaiters();
    await heartbeat();
  }
  reached(targets) {
    for (const [partition, target] of targets) {
      if (target > 0n && (this.positions.get(partition) ?? 0n) < target) return false;
    }
    return true;
  }
  releaseWaiters() {
    const pending = [];
    for (const waiter of this.waiters) {
      if (this.reached(waiter.targets)) waiter.resolve();
      else pending.push(waiter);
    }
    this.waiters = pending;
  }
});
exports.SubscriptionsView = SubscriptionsView;
exports.SubscriptionsView =
  SubscriptionsView =
  SubscriptionsView_1 =
    __decorate(
      [
        (0, common_1.Injectable)(),
        __param(0, (0, common_1.Inject)(kafka_1.KAFKA_CLIENT)),
        __metadata('design:paramtypes', [Function, kafka_1.TopicAdmin]),
      ],
      SubscriptionsView,
    );
function parseJson(value) {
  try {
    return JSON.parse(value.toString());
  } catch {
    return undefined;
  }
}
//# sourceMappingURL=subscriptions-view.service.js.map
