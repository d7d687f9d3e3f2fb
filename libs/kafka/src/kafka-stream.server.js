'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.KafkaStreamServer = void 0;
const common_1 = require('@nestjs/common');
const microservices_1 = require('@nestjs/microservices');
const rxjs_1 = require('rxjs');
const stream_consumer_1 = require('./stream-consumer');
class KafkaStreamServer extends microservices_1.Server {
  options;
  consumers = [];
  log = new common_1.Logger(KafkaStreamServer.name);
  constructor(options) {
    super();
    this.options = options;
  }
  get isReady() {
    return (
      this.consumers.length > 0 &&
      this.consumers.every((consumer) => consumer.isAssigned && consumer.isRunning)
    );
  }
  async listen(callback) {
    try {
      for (const [pattern, settings] of Object.entries(this.options.streams)) {
        const handler = this.getHandlerByPattern(pattern);
        if (!handler) throw new Error(`no @EventPattern('${pattern}') handler is registered`);
        const invoke = async (input) => {
          await (0, rxjs_1.lastValueFrom)(this.transformToObservable(await handler(input)), {
            defaultValue: undefined,
          });
        };
        const topics =
          typeof settings.topics === 'function' ? await settings.topics() : settings.topics;
        const consumer = new stream_consumer_1.StreamConsumer(this.options.kafka, {
          ...settings,
          topics,
          handler: invoke,
        });
        this.consumers.push(consumer);
      }
      await Promise.all(this.consumers.map((consumer) => consumer.start()));
      callback();
    } catch (error) {
      this.log.error(`could not start consumers: ${String(error)}`);
      callback(error);
    }
  }
  async close() {
    await Promise.all(this.consumers.map((consumer) => consumer.stop(this.options.drainMs)));
  }
  on() {
    throw new Error('KafkaStreamServer emits no events');
  }
  unwrap() {
    return this.consumers;
  }
}
exports.KafkaStreamServer = KafkaStreamServer;
//# sourceMappingURL=kafka-stream.server.js.map
