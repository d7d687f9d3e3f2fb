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
exports.MetricsController = void 0;
const common_1 = require('@nestjs/common');
const prom_client_1 = require('prom-client');
const hookstream_metrics_service_1 = require('./hookstream-metrics.service');
let MetricsController = class MetricsController {
  metrics;
  constructor(metrics) {
    this.metrics = metrics;
  }
  scrape() {
    return this.metrics.render();
  }
};
exports.MetricsController = MetricsController;
__decorate(
  [
    (0, common_1.Get)(),
    (0, common_1.Header)('Content-Type', prom_client_1.Registry.PROMETHEUS_CONTENT_TYPE),
    (0, common_1.Header)('Cache-Control', 'no-store'),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', []),
    __metadata('design:returntype', Promise),
  ],
  MetricsController.prototype,
  'scrape',
  null,
);
exports.MetricsController = MetricsController = __decorate(
  [
    (0, common_1.Controller)('metrics'),
    __metadata('design:paramtypes', [hookstream_metrics_service_1.HookstreamMetrics]),
  ],
  MetricsController,
);
//# sourceMappingURL=metrics.controller.js.map
