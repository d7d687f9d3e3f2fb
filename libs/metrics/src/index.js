'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.MetricsModule =
  exports.MetricsController =
  exports.statusClass =
  exports.HookstreamMetrics =
    void 0;
var hookstream_metrics_service_1 = require('./hookstream-metrics.service');
Object.defineProperty(exports, 'HookstreamMetrics', {
  enumerable: true,
  get: function () {
    return hookstream_metrics_service_1.HookstreamMetrics;
  },
});
Object.defineProperty(exports, 'statusClass', {
  enumerable: true,
  get: function () {
    return hookstream_metrics_service_1.statusClass;
  },
});
var metrics_controller_1 = require('./metrics.controller');
Object.defineProperty(exports, 'MetricsController', {
  enumerable: true,
  get: function () {
    return metrics_controller_1.MetricsController;
  },
});
var metrics_module_1 = require('./metrics.module');
Object.defineProperty(exports, 'MetricsModule', {
  enumerable: true,
  get: function () {
    return metrics_module_1.MetricsModule;
  },
});
//# sourceMappingURL=index.js.map
