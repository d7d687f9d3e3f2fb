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
Object.defineProperty(exports, '__esModule', { value: true });
exports.HookstreamMetrics = void 0;
exports.statusClass = statusClass;
const common_1 = require('@nestjs/common');
const prom_client_1 = require('prom-client');
const ATTEMPT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const END_TO_END_BUCKETS = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 18_000,
  36_000, 86_400,
];
let HookstreamMetrics = class HookstreamMetrics {
  registry = new prom_client_1.Registry();
  deliveryAttempts = new prom_client_1.Counter({
    name: 'hookstream_delivery_attempts_total',
    help: 'Delivery attempts by event type, outcome, response status class and attempt number',
    labelNames: ['event_type', 'outcome', 'status_class', 'attempt'],
    registers: [this.registry],
  });
  deliveryAttemptDuration = new prom_client_1.Histogram({
    name: 'hookstream_delivery_attempt_duration_seconds',
    help: 'Duration of one delivery attempt (connect to last response byte read)',
    labelNames: ['outcome'],
    buckets: ATTEMPT_DURATION_BUCKETS,
    registers: [this.registry],
  });
  deliveryEndToEnd = new prom_client_1.Histogram({
    name: 'hookstream_delivery_end_to_end_seconds',
    help: 'Time from the event occurring to its successful delivery',
    buckets: END_TO_END_BUCKETS,
    registers: [this.registry],
  });
  retriesScheduled = new prom_client_1.Counter({
    name: 'hookstream_retries_scheduled_total',
    help: 'Failed attempts handed to a retry tier',
    labelNames: ['tier'],
    registers: [this.registry],
  });
  messagesExhausted = new prom_client_1.Counter({
    name: 'hookstream_messages_exhausted_total',
    help: 'Messages whose last retry failed (sent to the DLQ topic)',
    registers: [this.registry],
  });
  webhooksDisabled = new prom_client_1.Counter({
    name: 'hookstream_webhooks_disabled_total',
    help: 'Webhooks disabled automatically, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  fanoutEvents = new prom_client_1.Counter({
    name: 'hookstream_fanout_events_total',
    help: 'Input events consumed by fan-out, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  invalidEvents = new prom_client_1.Counter({
    name: 'hookstream_invalid_events_total',
    help: 'Input events sent to the invalid-events topic, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  fanoutMessages = new prom_client_1.Counter({
    name: 'hookstream_fanout_messages_total',
    help: 'Delivery jobs produced by fan-out',
    registers: [this.registry],
  });
  consumerLag = new prom_client_1.Gauge({
    name: 'hookstream_consumer_lag',
    help: 'Records the consumer group is behind the end of the log, per topic',
    labelNames: ['topic'],
    registers: [this.registry],
  });
  constructor() {
    (0, prom_client_1.collectDefaultMetrics)({ register: this.registry });
  }
  async render() {
    return this.registry.metrics();
  }
};
exports.HookstreamMetrics = HookstreamMetrics;
exports.HookstreamMetrics = HookstreamMetrics = __decorate(
  [(0, common_1.Injectable)(), __metadata('design:paramtypes', [])],
  HookstreamMetrics,
);
function statusClass(statusCode) {
  if (statusCode === null || statusCode === undefined || !Number.isInteger(statusCode)) {
    return 'none';
  }
  const hundreds = Math.floor(statusCode / 100);
  return hundreds >= 1 && hundreds <= 5 ? `${hundreds}xx` : 'none';
}
//# sourceMappingURL=hookstream-metrics.service.js.map
