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
Object.defineProperty(exports, '__esModule', { value: true });
exports.MetricsModule = void 0;
const common_1 = require('@nestjs/common');
const hookstream_metrics_service_1 = require('./hookstream-metrics.service');
const metrics_controller_1 = require('./metrics.controller');
let MetricsModule = class MetricsModule {};
exports.MetricsModule = MetricsModule;
exports.MetricsModule = MetricsModule = __decorate(
  [
    (0, common_1.Global)(),
    (0, common_1.Module)({
      providers: [hookstream_metrics_service_1.HookstreamMetrics],
      controllers: [metrics_controller_1.MetricsController],
      exports: [hookstream_metrics_service_1.HookstreamMetrics],
    }),
  ],
  MetricsModule,
);
//# sourceMappingURL=metrics.module.js.map
